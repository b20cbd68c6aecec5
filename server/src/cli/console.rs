//! Colours in the Windows console.
//!
//! Chinese text needs nothing here: Rust's standard output writes to a Windows console with
//! `WriteConsoleW` (UTF-16), so it reads correctly whatever the code page (936 on Chinese
//! Windows), and into a pipe or a file it writes UTF-8. Colour codes are the problem: the classic
//! console (conhost of Windows 10, cmd.exe) prints `ESC[1;31m` literally unless virtual terminal
//! processing is switched on. We switch it on for our console output and, where that fails (old
//! Windows 10 builds), print no colour at all.

/// Make the console behind standard output accept ANSI escape sequences; `false` when it cannot.
/// Only called when standard output is a terminal.
#[cfg(windows)]
pub fn enable_escape_sequences() -> bool {
    use std::os::windows::io::AsRawHandle;

    const ENABLE_VIRTUAL_TERMINAL_PROCESSING: u32 = 0x0004;
    #[link(name = "kernel32")]
    extern "system" {
        fn GetConsoleMode(handle: *mut core::ffi::c_void, mode: *mut u32) -> i32;
        fn SetConsoleMode(handle: *mut core::ffi::c_void, mode: u32) -> i32;
    }
    let handle = std::io::stdout().as_raw_handle();
    let mut mode = 0u32;
    // SAFETY: `handle` is this process's standard output handle, valid for its lifetime; `mode`
    // is a live u32 the call writes to.
    unsafe {
        if GetConsoleMode(handle, &mut mode) == 0 {
            return false;
        }
        mode & ENABLE_VIRTUAL_TERMINAL_PROCESSING != 0
            || SetConsoleMode(handle, mode | ENABLE_VIRTUAL_TERMINAL_PROCESSING) != 0
    }
}

/// Terminals elsewhere understand ANSI escape sequences.
#[cfg(not(windows))]
pub fn enable_escape_sequences() -> bool {
    true
}
