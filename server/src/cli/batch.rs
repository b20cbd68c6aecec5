//! Run a job per file on a few threads and hand the results back in order, as they are ready.
//!
//! At most `window` results wait to be consumed, so a batch of thousands of files holds only a
//! few of them (their rendered output) in memory at once. A job that panics becomes an `Err`
//! with the panic's message for that item; the other items go on.

use std::collections::VecDeque;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::{Condvar, Mutex, MutexGuard};

struct Shared<R> {
    /// The next item a worker may take.
    next: usize,
    /// Results from item `consumed` on; `None` while that item is still being worked on.
    ready: VecDeque<Option<Result<R, String>>>,
    consumed: usize,
    /// The consumer wants no more.
    stop: bool,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// The message of a caught panic.
pub fn panic_message(p: &(dyn std::any::Any + Send)) -> String {
    p.downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| p.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "未知错误".into())
}

/// Call `work` on every item on up to `workers` threads, and `consume` on each result in the
/// items' order. `consume` returns false to stop early (the rest is not worked on).
pub fn ordered<T: Sync, R: Send>(
    items: &[T],
    workers: usize,
    window: usize,
    work: impl Fn(&T) -> R + Sync,
    mut consume: impl FnMut(usize, Result<R, String>) -> bool,
) {
    let n = items.len();
    let window = window.max(1);
    let shared = Mutex::new(Shared {
        next: 0,
        ready: VecDeque::new(),
        consumed: 0,
        stop: false,
    });
    let changed = Condvar::new();
    std::thread::scope(|s| {
        for _ in 0..workers.clamp(1, n.max(1)) {
            s.spawn(|| loop {
                let i = {
                    let mut g = lock(&shared);
                    while !g.stop && g.next < n && g.next >= g.consumed + window {
                        g = changed.wait(g).unwrap_or_else(|e| e.into_inner());
                    }
                    if g.stop || g.next >= n {
                        return;
                    }
                    g.next += 1;
                    g.ready.push_back(None);
                    g.next - 1
                };
                let r = catch_unwind(AssertUnwindSafe(|| work(&items[i])))
                    .map_err(|p| panic_message(p.as_ref()));
                let mut g = lock(&shared);
                let k = i - g.consumed;
                g.ready[k] = Some(r);
                changed.notify_all();
            });
        }
        for i in 0..n {
            let r = {
                let mut g = lock(&shared);
                loop {
                    if let Some(Some(_)) = g.ready.front() {
                        break;
                    }
                    g = changed.wait(g).unwrap_or_else(|e| e.into_inner());
                }
                let r = g.ready.pop_front().flatten();
                g.consumed += 1;
                changed.notify_all();
                r
            };
            let go_on = r.is_some_and(|r| consume(i, r));
            if !go_on {
                lock(&shared).stop = true;
                changed.notify_all();
                return;
            }
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    #[test]
    fn results_come_in_order_and_a_panic_stays_with_its_item() {
        let items: Vec<usize> = (0..200).collect();
        let mut got = vec![];
        ordered(
            &items,
            4,
            3,
            |&i| {
                if i == 17 {
                    panic!("bad file {i}");
                }
                // later items finish first sometimes
                std::thread::sleep(std::time::Duration::from_micros(((i * 37) % 5) as u64 * 50));
                i * 2
            },
            |i, r| {
                got.push((i, r));
                true
            },
        );
        assert_eq!(got.len(), 200);
        for (k, (i, r)) in got.iter().enumerate() {
            assert_eq!(*i, k);
            if k == 17 {
                assert_eq!(r.as_ref().unwrap_err(), "bad file 17");
            } else {
                assert_eq!(*r.as_ref().unwrap(), k * 2);
            }
        }
    }

    #[test]
    fn no_more_than_the_window_runs_ahead_and_stopping_ends_the_work() {
        let items: Vec<usize> = (0..1000).collect();
        let started = AtomicUsize::new(0);
        let mut seen = 0;
        ordered(
            &items,
            3,
            4,
            |_| started.fetch_add(1, Ordering::SeqCst),
            |i, _| {
                // workers never run more than `window` items ahead of the consumer
                assert!(started.load(Ordering::SeqCst) <= i + 1 + 4);
                seen += 1;
                i < 9
            },
        );
        assert_eq!(seen, 10);
        assert!(started.load(Ordering::SeqCst) <= 15);
    }

    #[test]
    fn empty_input() {
        ordered(
            &[] as &[u8],
            2,
            2,
            |_| (),
            |_, _| panic!("nothing to consume"),
        );
    }
}
