//! Letting go of the pages of data compiled into the binary once it is decoded.
//!
//! The model and the lists are embedded compressed (`include_bytes!`); decoding them
//! reads every page, and those pages of the executable then count in the process's
//! resident memory for the whole run (~5 MB) though nothing reads them again. They
//! are clean pages of a read-only file mapping: telling the kernel we do not need
//! them (`madvise(MADV_DONTNEED)`) drops them as memory pressure would, and a later
//! read would load them from the file again, unchanged.

/// Drops from resident memory the whole pages that `data` (a static compiled into
/// the binary, already decoded) covers. No effect on other systems than Linux, or
/// when the kernel refuses (the pages then stay, which costs only memory).
pub fn release_pages(data: &'static [u8]) {
    #[cfg(target_os = "linux")]
    {
        // SAFETY: sysconf has no preconditions.
        let page = match usize::try_from(unsafe { libc::sysconf(libc::_SC_PAGESIZE) }) {
            Ok(p) if p.is_power_of_two() => p,
            _ => return,
        };
        let start = (data.as_ptr() as usize).div_ceil(page) * page;
        let end = (data.as_ptr() as usize + data.len()) / page * page;
        if end > start {
            // SAFETY: [start, end) lies inside `data`, a static in a read-only,
            // file-backed mapping of the executable that is never written: dropping
            // its pages changes no byte a later read sees (it reads them from the
            // file again), as the kernel's own reclaim would.
            unsafe {
                libc::madvise(start as *mut libc::c_void, end - start, libc::MADV_DONTNEED);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const fn pattern<const N: usize>() -> [u8; N] {
        let mut out = [0u8; N];
        let mut i = 0;
        while i < N {
            out[i] = (i % 251) as u8 + 1;
            i += 1;
        }
        out
    }

    /// Several pages of non-zero bytes in the binary's read-only data.
    static DATA: [u8; 5 * 4096 + 123] = pattern();

    #[test]
    fn released_pages_read_back_unchanged() {
        let before: Vec<u8> = DATA.to_vec();
        release_pages(&DATA);
        assert_eq!(&DATA[..], &before[..]);
        // Twice, and on a slice within one page, is harmless too.
        release_pages(&DATA);
        release_pages(&DATA[10..20]);
        assert_eq!(&DATA[..], &before[..]);
        // The embedded model still loads the same after its pages were let go.
        let a = crate::Model::builtin().unwrap().to_bytes().unwrap();
        let b = crate::Model::builtin().unwrap().to_bytes().unwrap();
        assert_eq!(a, b);
    }
}
