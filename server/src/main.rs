//! The `gongwen-ls` binary: a language server on stdio (the default, `--stdio` is accepted and
//! ignored) and the `check` batch command.

mod cli;
mod clock;
mod log;
mod lsp;
mod previous;
mod workspace;

fn main() {
    let args: Vec<std::ffi::OsString> = std::env::args_os().skip(1).collect();
    let serve = args.is_empty() || args.iter().all(|a| a == "--stdio");
    if !serve {
        log::init_cli();
        std::process::exit(cli::run(args));
    }
    let rt = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("gongwen-ls：无法启动运行时：{e}");
            std::process::exit(2);
        }
    };
    let code = rt.block_on(lsp::serve_stdio());
    // The stdin reader is a blocking read that cannot be cancelled, and analyses may still be
    // running: do not wait for them (a client may keep our stdin open after `exit`).
    rt.shutdown_background();
    std::process::exit(code);
}
