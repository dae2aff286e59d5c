//! Progress reporting for long batch commands: a live bar on a terminal,
//! plain periodic lines otherwise (so logs and CI output stay readable).

use std::io::IsTerminal;

use indicatif::{ProgressBar, ProgressStyle};

pub struct Progress {
    bar: Option<ProgressBar>,
    every: u64,
}

impl Progress {
    /// `every`: how many items between plain lines when stderr is not a terminal.
    pub fn new(every: u64) -> Progress {
        let bar = std::io::stderr().is_terminal().then(|| {
            let b = ProgressBar::new_spinner();
            b.set_style(
                ProgressStyle::with_template("{spinner} [{elapsed_precise}] {pos} read  {msg}")
                    .unwrap_or_else(|_| ProgressStyle::default_spinner()),
            );
            b.enable_steady_tick(std::time::Duration::from_millis(120));
            b
        });
        Progress { bar, every }
    }

    /// Report the running totals after item number `n`.
    pub fn update(&self, n: u64, msg: impl FnOnce() -> String) {
        match &self.bar {
            Some(b) => {
                b.set_position(n);
                b.set_message(msg());
            }
            None if n.is_multiple_of(self.every) => eprintln!("{n} read  {}", msg()),
            None => {}
        }
    }

    /// Print a line (an error, a warning) without breaking the bar.
    pub fn println(&self, line: &str) {
        match &self.bar {
            Some(b) => b.println(line),
            None => eprintln!("{line}"),
        }
    }

    pub fn finish(&self) {
        if let Some(b) = &self.bar {
            b.finish_and_clear();
        }
    }
}
