//! Work spread over every core (up to 8): reading descriptors, checking stamps, decoding
//! the index, writing JSON. Results keep their input order; a worker's panic is the
//! caller's.

use std::thread::{self, ScopedJoinHandle};

/// A worker's stack: values nest up to 900 levels, and decoding one from the index
/// recurses a few frames per level (2 MiB, the default, overflowed at 890).
const WORKER_STACK: usize = 32 << 20;

/// How many threads parallel work uses: every core, up to 8.
pub fn threads() -> usize {
    thread::available_parallelism().map_or(2, |n| n.get().min(8))
}

/// `f` over `items`, results in input order; on the calling thread when there are fewer
/// than `min` items (threads would cost more than they save).
pub fn map<T: Send, R: Send>(items: Vec<T>, min: usize, f: impl Fn(T) -> R + Sync) -> Vec<R> {
    let threads = threads();
    if items.len() < min.max(2) || threads == 1 {
        return items.into_iter().map(f).collect();
    }
    let chunk = items.len().div_ceil(threads);
    let mut parts: Vec<Vec<T>> = Vec::new();
    let mut items = items.into_iter();
    loop {
        let part: Vec<T> = items.by_ref().take(chunk).collect();
        if part.is_empty() {
            break;
        }
        parts.push(part);
    }
    let f = &f;
    thread::scope(|s| {
        let handles: Vec<Handle<'_, R>> = parts
            .into_iter()
            .map(|part| {
                let work = move || part.into_iter().map(f).collect::<Vec<_>>();
                // A thread that cannot be started leaves its part to this one.
                spawn(s, work)
            })
            .collect();
        handles.into_iter().flat_map(Handle::join).collect()
    })
}

/// The first item (in input order) for which `f` holds.
pub fn find<T: Sync>(items: &[T], f: impl Fn(&T) -> bool + Sync) -> Option<&T> {
    let threads = threads();
    if items.len() < 256 || threads == 1 {
        return items.iter().find(|x| f(x));
    }
    let parts: Vec<&[T]> = items.chunks(items.len().div_ceil(threads)).collect();
    map(parts, 2, |part| part.iter().find(|x| f(x)))
        .into_iter()
        .flatten()
        .next()
}

/// A part running on its own thread, or already done on the caller's.
enum Handle<'scope, R> {
    Thread(ScopedJoinHandle<'scope, Vec<R>>),
    Done(Vec<R>),
}

impl<R> Handle<'_, R> {
    fn join(self) -> Vec<R> {
        match self {
            Handle::Thread(h) => h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)),
            Handle::Done(results) => results,
        }
    }
}

fn spawn<'scope, 'env, R: Send + 'scope>(
    s: &'scope thread::Scope<'scope, 'env>,
    work: impl FnOnce() -> Vec<R> + Send + 'scope,
) -> Handle<'scope, R> {
    // `spawn_scoped` takes the closure by value and does not hand it back on failure;
    // share it so the caller can still run it.
    let work = std::sync::Mutex::new(Some(work));
    let work = std::sync::Arc::new(work);
    let theirs = std::sync::Arc::clone(&work);
    let spawned = thread::Builder::new()
        .stack_size(WORKER_STACK)
        .spawn_scoped(s, move || take(&theirs).map(|w| w()).unwrap_or_default());
    match spawned {
        Ok(h) => Handle::Thread(h),
        Err(_) => Handle::Done(take(&work).map(|w| w()).unwrap_or_default()),
    }
}

fn take<W>(slot: &std::sync::Mutex<Option<W>>) -> Option<W> {
    slot.lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
        .take()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_keep_their_order() {
        let items: Vec<u32> = (0..1000).collect();
        let out = map(items.clone(), 16, |x| x * 2);
        assert_eq!(out, items.iter().map(|x| x * 2).collect::<Vec<_>>());
        assert_eq!(find(&items, |x| *x >= 1000), None);
        assert_eq!(find(&items, |x| *x % 300 == 299), Some(&299));
    }

    #[test]
    #[should_panic(expected = "boom")]
    fn a_workers_panic_is_the_callers() {
        let items: Vec<u32> = (0..100).collect();
        map(items, 2, |x| if x == 99 { panic!("boom") } else { x });
    }
}
