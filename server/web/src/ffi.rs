//! The module's exports. Strings cross the boundary as UTF-8 bytes in linear memory; the answer
//! of the last call stays in the module until the next call.

use std::cell::RefCell;
use std::panic::{catch_unwind, AssertUnwindSafe};

use serde_json::json;

thread_local! {
    static OUTPUT: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
    static LAST_PANIC: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// Reserve `len` bytes for the caller to write into. Free with [`gongwen_free`].
#[no_mangle]
pub extern "C" fn gongwen_alloc(len: usize) -> *mut u8 {
    let mut v = Vec::<u8>::with_capacity(len);
    let p = v.as_mut_ptr();
    std::mem::forget(v);
    p
}

/// Release a buffer from [`gongwen_alloc`].
///
/// # Safety
/// `ptr` and `len` must be exactly what one earlier `gongwen_alloc(len)` returned and took, and
/// the buffer must not be used again.
#[no_mangle]
pub unsafe extern "C" fn gongwen_free(ptr: *mut u8, len: usize) {
    if !ptr.is_null() {
        drop(Vec::from_raw_parts(ptr, 0, len));
    }
}

/// Answer `request` (JSON, see [`crate::run`]) about `text` (UTF-8; for `docx`, the bytes of
/// the document). Returns 0 with the result in
/// the output buffer, or 1 with `{"error": "…"}` there. A panic in the engine is caught and
/// reported as an error; the module stays usable.
///
/// # Safety
/// `text`/`text_len` and `req`/`req_len` must describe readable memory of the module (buffers
/// from [`gongwen_alloc`]); they may be freed after the call.
#[no_mangle]
pub unsafe extern "C" fn gongwen_run(
    text: *const u8,
    text_len: usize,
    req: *const u8,
    req_len: usize,
) -> u32 {
    quiet_panics();
    LAST_PANIC.with(|p| p.borrow_mut().take());
    let bytes = |p: *const u8, n: usize| {
        if n == 0 {
            &[][..]
        } else {
            std::slice::from_raw_parts(p, n)
        }
    };
    let (text, req) = (bytes(text, text_len), bytes(req, req_len));
    let result = catch_unwind(AssertUnwindSafe(|| {
        let req = std::str::from_utf8(req).map_err(|_| "请求不是有效的 UTF-8".to_string())?;
        crate::run_bytes(text, req)
    }));
    let (status, out) = match result {
        Ok(Ok(json)) => (0, json.into_bytes()),
        Ok(Err(e)) => (1, json!({ "error": e }).to_string().into_bytes()),
        Err(_) => {
            let why = LAST_PANIC
                .with(|p| p.borrow_mut().take())
                .unwrap_or_default();
            let e = json!({ "error": format!("检查程序内部错误：{why}") });
            (1, e.to_string().into_bytes())
        }
    };
    OUTPUT.with(|o| *o.borrow_mut() = out);
    status
}

/// Where the answer of the last [`gongwen_run`] is.
#[no_mangle]
pub extern "C" fn gongwen_output_ptr() -> *const u8 {
    OUTPUT.with(|o| o.borrow().as_ptr())
}

/// How long the answer of the last [`gongwen_run`] is, in bytes.
#[no_mangle]
pub extern "C" fn gongwen_output_len() -> usize {
    OUTPUT.with(|o| o.borrow().len())
}

/// In the browser, remember a panic's message for the error answer instead of printing it to a
/// stderr that does not exist. Natively (tests), keep the default hook.
fn quiet_panics() {
    #[cfg(target_arch = "wasm32")]
    {
        static ONCE: std::sync::Once = std::sync::Once::new();
        ONCE.call_once(|| {
            std::panic::set_hook(Box::new(|info| {
                let msg = info
                    .payload()
                    .downcast_ref::<&str>()
                    .map(|s| s.to_string())
                    .or_else(|| info.payload().downcast_ref::<String>().cloned())
                    .unwrap_or_default();
                let at = info
                    .location()
                    .map(|l| format!("（{}:{}）", l.file(), l.line()))
                    .unwrap_or_default();
                LAST_PANIC.with(|p| *p.borrow_mut() = Some(format!("{msg}{at}")));
            }));
        });
    }
}
