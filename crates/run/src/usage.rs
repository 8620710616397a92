//! Resource use, read from the operating system: CPU time of the calling thread and
//! of the whole process, and the process's peak resident set size. The crawl
//! charges each stage's CPU time with these (`run.json`'s `cpu` table).

use std::time::Duration;

/// CPU time (user + system) the calling thread has used so far.
pub fn thread_cpu() -> Duration {
    #[cfg(unix)]
    {
        clock(libc::CLOCK_THREAD_CPUTIME_ID)
    }
    #[cfg(not(unix))]
    {
        Duration::ZERO
    }
}

/// CPU time (user + system) the whole process has used so far, every thread.
pub fn process_cpu() -> Duration {
    #[cfg(unix)]
    {
        clock(libc::CLOCK_PROCESS_CPUTIME_ID)
    }
    #[cfg(not(unix))]
    {
        Duration::ZERO
    }
}

/// The process's peak resident set size so far, in bytes (0 where unknown).
pub fn peak_rss() -> u64 {
    #[cfg(unix)]
    {
        // SAFETY: getrusage only writes into the struct it is given.
        let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
        if unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut usage) } != 0 {
            return 0;
        }
        let max = u64::try_from(usage.ru_maxrss).unwrap_or(0);
        // Linux reports kilobytes, macOS bytes.
        if cfg!(target_os = "macos") {
            max
        } else {
            max * 1024
        }
    }
    #[cfg(not(unix))]
    {
        0
    }
}

#[cfg(unix)]
fn clock(id: libc::clockid_t) -> Duration {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: clock_gettime only writes into the timespec it is given.
    if unsafe { libc::clock_gettime(id, &mut ts) } != 0 {
        return Duration::ZERO;
    }
    Duration::new(
        u64::try_from(ts.tv_sec).unwrap_or(0),
        u32::try_from(ts.tv_nsec).unwrap_or(0),
    )
}

/// CPU time a closure takes on the calling thread, with its result.
pub(crate) fn timed<T>(f: impl FnOnce() -> T) -> (T, Duration) {
    let start = thread_cpu();
    let out = f();
    (out, thread_cpu().saturating_sub(start))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clocks_advance_with_work() {
        let (_, spent) = timed(|| {
            (0..20_000_000u64).fold(0u64, |a, b| std::hint::black_box(a ^ b.wrapping_mul(31)))
        });
        if cfg!(unix) {
            assert!(spent > Duration::ZERO);
            assert!(process_cpu() >= spent);
            assert!(peak_rss() > 1024 * 1024);
        }
    }
}
