//! End-to-end: the progress bar of `gongwen-ls check` shows on a terminal only. A batch is
//! checked with stderr on a pseudo-terminal (the bar is drawn), on a pipe (nothing but the
//! messages), and on a terminal under CI (nothing either).

use std::path::PathBuf;
use std::process::{Command, Stdio};

use gongwen_e2e::{binary, fixture};

/// The text the bar shows beside its count.
const BAR: &str = "正在检查";

/// A folder of `n` reports.
fn batch(name: &str, n: usize) -> PathBuf {
    let d = std::env::temp_dir().join(format!("gongwen-progress-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    for k in 0..n {
        let f = if k % 2 == 0 {
            "complete.txt"
        } else {
            "lacks-problems-and-plan.txt"
        };
        std::fs::write(d.join(format!("报告{k:02}.txt")), fixture(f)).unwrap();
    }
    d
}

#[test]
fn no_bar_when_stderr_is_a_pipe() {
    let d = batch("pipe", 12);
    let o = Command::new(binary())
        .args(["check", "."])
        .current_dir(&d)
        .env_remove("CI")
        .env("TERM", "xterm-256color")
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(!err.contains(BAR) && !err.contains('\x1b'), "{err:?}");
    assert!(String::from_utf8_lossy(&o.stdout).contains("共检查 12 份报告"));
    let _ = std::fs::remove_dir_all(&d);
}

#[cfg(unix)]
mod terminal {
    use super::*;
    use std::io::Read;
    use std::os::fd::{FromRawFd, OwnedFd};

    /// Run `check` on `dir` with stderr on a new pseudo-terminal; what the terminal received.
    fn stderr_on_a_terminal(dir: &std::path::Path, ci: Option<&str>) -> String {
        let (mut master, mut slave) = (-1, -1);
        // SAFETY: openpty writes two descriptors into the given integers; the other arguments
        // may be null (no name, default termios and window size).
        let r = unsafe {
            libc::openpty(
                &mut master,
                &mut slave,
                std::ptr::null_mut(),
                std::ptr::null(),
                std::ptr::null(),
            )
        };
        assert_eq!(r, 0, "openpty: {}", std::io::Error::last_os_error());
        // SAFETY: both descriptors were just opened and are owned by nothing else.
        let (master, slave) =
            unsafe { (OwnedFd::from_raw_fd(master), OwnedFd::from_raw_fd(slave)) };
        let mut cmd = Command::new(binary());
        cmd.args(["check", "."])
            .current_dir(dir)
            .env("TERM", "xterm-256color")
            .env_remove("CI")
            .env_remove("NO_COLOR")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::from(slave));
        if let Some(v) = ci {
            cmd.env("CI", v);
        }
        let child = cmd.spawn().unwrap();
        // the command holds the only copy of the terminal's other end now: reading ends (EIO)
        // when it exits
        drop(cmd);
        let reader = std::thread::spawn(move || {
            let mut f = std::fs::File::from(master);
            let mut got = vec![];
            let mut buf = [0u8; 4096];
            while let Ok(n) = f.read(&mut buf) {
                if n == 0 {
                    break;
                }
                got.extend_from_slice(&buf[..n]);
            }
            got
        });
        let out = child.wait_with_output().unwrap();
        assert_eq!(out.status.code(), Some(1));
        assert!(String::from_utf8_lossy(&out.stdout).contains("共检查 12 份报告"));
        String::from_utf8_lossy(&reader.join().unwrap()).into_owned()
    }

    #[test]
    fn bar_on_a_terminal_but_not_under_ci() {
        let d = batch("tty", 12);
        let shown = stderr_on_a_terminal(&d, None);
        assert!(shown.contains(BAR), "no bar on a terminal: {shown:?}");
        assert!(shown.contains("/12"), "{shown:?}");
        let shown = stderr_on_a_terminal(&d, Some("true"));
        assert!(!shown.contains(BAR), "a bar under CI: {shown:?}");
        let _ = std::fs::remove_dir_all(&d);
    }
}
