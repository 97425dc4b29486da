//! How regions are scheduled: a few at a time, each parallel inside.

/// `f` over every item, a few at a time: as many as rayon has threads. Results keep
/// the items' order.
///
/// Work inside `f` runs in parallel itself (a region's pages, its leaflets), which is
/// why the items are not simply a `par_iter`: a rayon thread waiting inside one region
/// would steal the next region and start it on top of its stack, and so on, until a
/// national build (330 regions) held dozens of half-made regions in memory and
/// overflowed the stack. Here each item is taken by a plain thread, so rayon's threads
/// only ever steal work from the regions in progress.
pub(super) fn each_region<I: Send, T: Send>(items: Vec<I>, f: impl Fn(I) -> T + Sync) -> Vec<T> {
    if items.len() <= 1 {
        return items.into_iter().map(f).collect();
    }
    let workers = rayon::current_num_threads().clamp(1, items.len());
    let queue = std::sync::Mutex::new(items.into_iter().enumerate());
    let done = std::sync::Mutex::new(Vec::new());
    fn lock<T>(m: &std::sync::Mutex<T>) -> std::sync::MutexGuard<'_, T> {
        m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }
    std::thread::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|| {
                loop {
                    // Taken in its own statement, so the queue is unlocked while `f` runs.
                    let next = lock(&queue).next();
                    let Some((i, item)) = next else { break };
                    let result = f(item);
                    lock(&done).push((i, result));
                }
            });
        }
    });
    let mut done = done.into_inner().unwrap_or_else(std::sync::PoisonError::into_inner);
    done.sort_unstable_by_key(|(i, _)| *i);
    done.into_iter().map(|(_, result)| result).collect()
}

#[cfg(test)]
mod tests {
    use super::each_region;
    use rayon::prelude::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    #[test]
    fn each_region_keeps_order_and_bounds_the_regions_in_progress() {
        let (now, most) = (AtomicUsize::new(0), AtomicUsize::new(0));
        let out = each_region((0..50).collect(), |i: u64| {
            most.fetch_max(now.fetch_add(1, Ordering::SeqCst) + 1, Ordering::SeqCst);
            // Nested parallel work, as a region's pages and leaflets do. (That a plain
            // par_iter stacks regions shows only at scale: see the national build in
            // benches/build.rs.)
            let pause = |micros| std::thread::sleep(std::time::Duration::from_micros(micros));
            (0..2).into_par_iter().for_each(|_| pause(1_000));
            now.fetch_sub(1, Ordering::SeqCst);
            i * 6
        });
        assert_eq!(out, (0..50).map(|i| 6 * i).collect::<Vec<u64>>());
        let threads = rayon::current_num_threads().min(50);
        assert!(most.load(Ordering::SeqCst) <= threads, "{} regions at once", most.load(Ordering::SeqCst));
    }
}
