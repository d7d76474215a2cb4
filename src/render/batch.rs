//! Many documents of one kind, typeset on all cores.
//!
//! Plain worker threads, one per core, each taking the next item. Not a rayon pool:
//! Typst uses rayon inside, and a worker waiting there would steal and start another
//! document on the same stack, so memory and stack depth would grow with the batch.

use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

/// Stack of a worker thread: Typst's layout recurses deeply.
const STACK: usize = 32 * 1024 * 1024;

/// Apply `make` to every item on worker threads; results come back in item order.
/// `done` is called after each item with the number finished so far.
pub fn in_parallel<T: Sync, R: Send>(
    items: &[T],
    make: impl Fn(usize, &T) -> R + Sync,
    done: impl Fn(usize) + Sync,
) -> Vec<Option<R>> {
    in_parallel_until(items, make, done, |_| false)
}

/// [`in_parallel`] that stops early: once a result meets `stop` (a failure that makes
/// the rest pointless), no worker starts another item; items already started finish.
/// The items never started come back as `None`.
pub fn in_parallel_until<T: Sync, R: Send>(
    items: &[T],
    make: impl Fn(usize, &T) -> R + Sync,
    done: impl Fn(usize) + Sync,
    stop: impl Fn(&R) -> bool + Sync,
) -> Vec<Option<R>> {
    let workers = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(items.len().max(1));
    let next = AtomicUsize::new(0);
    let finished = AtomicUsize::new(0);
    let stopped = AtomicBool::new(false);
    let slots: Vec<Mutex<Option<R>>> = items.iter().map(|_| Mutex::new(None)).collect();
    std::thread::scope(|scope| {
        for _ in 0..workers {
            let spawned =
                std::thread::Builder::new().stack_size(STACK).spawn_scoped(scope, || {
                    loop {
                        if stopped.load(Ordering::Relaxed) {
                            break;
                        }
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        let Some(item) = items.get(i) else { break };
                        let result = make(i, item);
                        if stop(&result) {
                            stopped.store(true, Ordering::Relaxed);
                        }
                        if let Ok(mut slot) = slots[i].lock() {
                            *slot = Some(result);
                        }
                        done(finished.fetch_add(1, Ordering::Relaxed) + 1);
                    }
                });
            if spawned.is_err() {
                break;
            }
        }
    });
    slots.into_iter().map(|slot| slot.into_inner().ok().flatten()).collect()
}

/// A progress line on the terminal, `[#####     ] 12/30 observatieformulieren`, for a
/// batch: shown only when asked for and standard error is a terminal, ended with a line
/// break when dropped. Counting is safe from every worker thread.
#[derive(Debug)]
pub struct Progress {
    total: usize,
    what: &'static str,
    done: AtomicUsize,
    show: bool,
}

impl Progress {
    /// A progress line for `total` items of `what` (a word from [`crate::words`]).
    pub fn new(enabled: bool, total: usize, what: &'static str) -> Self {
        let show = enabled && std::io::IsTerminal::is_terminal(&std::io::stderr());
        Progress { total, what, done: AtomicUsize::new(0), show }
    }

    /// One more item done.
    pub fn tick(&self) {
        let n = self.done.fetch_add(1, Ordering::Relaxed) + 1;
        self.show_count(n);
    }

    /// Start counting again (a batch that falls back to another way).
    pub fn restart(&self) {
        self.done.store(0, Ordering::Relaxed);
    }

    fn show_count(&self, done: usize) {
        use std::io::Write;
        if !self.show {
            return;
        }
        let width = 30;
        let filled = done.min(self.total) * width / self.total.max(1);
        let mut err = std::io::stderr().lock();
        let _ = write!(
            err,
            "\r[{}{}] {done}/{} {}",
            "#".repeat(filled),
            " ".repeat(width - filled),
            self.total,
            self.what
        );
        let _ = err.flush();
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        if self.show {
            eprintln!();
        }
    }
}
