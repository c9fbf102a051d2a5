//! Waiting for a child that might hang: its output is drained while
//! waiting (a full pipe would stall it), and a watchdog kills it after
//! `guard`. The guard keeps a regression from hanging the suite; it is not
//! a measure of speed.

use std::process::{Child, Output};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

/// The child's output, and whether the watchdog had to kill it.
pub fn wait_guarded(child: Child, guard: Duration) -> (Output, bool) {
    let pid = rustix::process::Pid::from_child(&child);
    let done = Arc::new(AtomicBool::new(false));
    let hung = Arc::new(AtomicBool::new(false));
    let watchdog = {
        let (done, hung) = (done.clone(), hung.clone());
        std::thread::spawn(move || {
            let started = Instant::now();
            while !done.load(Ordering::SeqCst) {
                if started.elapsed() > guard {
                    hung.store(true, Ordering::SeqCst);
                    let _ = rustix::process::kill_process(pid, rustix::process::Signal::KILL);
                    return;
                }
                std::thread::sleep(Duration::from_millis(20));
            }
        })
    };
    let out = child.wait_with_output().unwrap();
    done.store(true, Ordering::SeqCst);
    watchdog.join().unwrap();
    (out, hung.load(Ordering::SeqCst))
}
