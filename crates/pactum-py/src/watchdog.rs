//! Wall-clock budgets for strategies written in Python: a call into a strategy that runs past
//! its budget is stopped by raising `TimeoutError` inside it, and its negotiation ends as an
//! error, as an outside agent's does (docs/reliability.md).
//!
//! One thread, started on first use, looks every [`POLL`] at the calls in progress. Arming and
//! disarming a call are three atomic stores, so a strategy's move costs no more than before (a
//! wake-up per call would cost a context switch; a Python move that returns at once costs under
//! a microsecond). Stopping a call takes the GIL first and only then checks that the call is
//! still the one armed: the calling thread disarms while it holds the GIL, so the exception
//! cannot land in a later call. Python delivers it at the strategy's next bytecode: a loop in
//! Python is stopped, a single blocking C call (`time.sleep`, a long NumPy operation) only when
//! it returns.

use pyo3::prelude::*;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, OnceLock, Weak};
use std::time::{Duration, Instant};

/// How often the watchdog looks at the calls in progress: the budgets are seconds.
const POLL: Duration = Duration::from_millis(10);

/// One seat's call in progress, as the watchdog sees it.
#[derive(Default)]
pub struct Slot {
    /// The armed call's number; 0 when none is.
    armed: AtomicU64,
    /// When the armed call's budget ends, in nanoseconds after the watchdog's epoch.
    deadline: AtomicU64,
    /// The Python thread ident of the armed call.
    thread: AtomicU64,
    /// The number of the last call stopped.
    stopped: AtomicU64,
    /// Numbers calls, so that an exception meant for one call is never raised in another.
    calls: AtomicU64,
}

struct Watchdog {
    epoch: Instant,
    slots: Mutex<Vec<Weak<Slot>>>,
    thread: std::thread::Thread,
}

fn watchdog() -> &'static Watchdog {
    static WATCHDOG: OnceLock<Watchdog> = OnceLock::new();
    WATCHDOG.get_or_init(|| {
        let handle = std::thread::Builder::new()
            .name("pactum-python-budgets".into())
            .spawn(watch)
            .expect("a thread for the strategies' budgets");
        Watchdog {
            epoch: Instant::now(),
            slots: Mutex::new(Vec::new()),
            thread: handle.thread().clone(),
        }
    })
}

fn watch() {
    // Blocks until the watchdog that started this thread is made.
    let w = watchdog();
    loop {
        let slots: Vec<Arc<Slot>> = {
            let mut list = w.slots.lock().unwrap_or_else(|e| e.into_inner());
            list.retain(|s| s.strong_count() > 0);
            list.iter().filter_map(Weak::upgrade).collect()
        };
        // With no seat to watch, sleep until one is registered.
        if slots.is_empty() {
            std::thread::park_timeout(Duration::from_secs(1));
            continue;
        }
        let now = w.epoch.elapsed().as_nanos() as u64;
        for slot in &slots {
            let call = slot.armed.load(Ordering::Acquire);
            if call != 0 && slot.deadline.load(Ordering::Acquire) <= now {
                Python::attach(|_| {
                    // With the GIL held, the calling thread is inside the call or past its
                    // disarming: check which.
                    if slot.armed.load(Ordering::Acquire) == call {
                        let thread = slot.thread.load(Ordering::Acquire);
                        // SAFETY: the GIL is held; the thread ident is one Python gave.
                        unsafe {
                            pyo3::ffi::PyThreadState_SetAsyncExc(
                                thread as std::ffi::c_long,
                                pyo3::ffi::PyExc_TimeoutError,
                            );
                        }
                        slot.stopped.store(call, Ordering::Release);
                        slot.armed.store(0, Ordering::Release);
                    }
                });
            }
        }
        std::thread::sleep(POLL);
    }
}

impl Slot {
    /// A slot the watchdog looks at for as long as it lives.
    pub fn register() -> Arc<Slot> {
        let w = watchdog();
        let slot = Arc::new(Slot::default());
        w.slots
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(Arc::downgrade(&slot));
        w.thread.unpark();
        slot
    }

    /// Runs `call` (into Python, on this thread, with the GIL held) within `budget`; `Err` with
    /// the call's own result dropped when the watchdog stopped it.
    pub fn within<R>(
        &self,
        _py: Python<'_>,
        budget: Duration,
        call: impl FnOnce() -> R,
    ) -> Result<R, ()> {
        let w = watchdog();
        let number = self.calls.fetch_add(1, Ordering::Relaxed) + 1;
        let deadline = w.epoch.elapsed().saturating_add(budget).as_nanos() as u64;
        // SAFETY: a plain query of the current thread's ident.
        let thread = unsafe { pyo3::ffi::PyThread_get_thread_ident() } as u64;
        self.thread.store(thread, Ordering::Release);
        self.deadline.store(deadline, Ordering::Release);
        self.armed.store(number, Ordering::Release);
        let result = call();
        self.armed.store(0, Ordering::Release);
        if self.stopped.load(Ordering::Acquire) == number {
            // The exception may still be pending if the call returned before Python delivered
            // it: clear it, so that it cannot surface in the next call.
            // SAFETY: the GIL is held (`_py`); a null exception clears the pending one.
            unsafe {
                pyo3::ffi::PyThreadState_SetAsyncExc(
                    thread as std::ffi::c_long,
                    std::ptr::null_mut(),
                );
            }
            return Err(());
        }
        Ok(result)
    }
}
