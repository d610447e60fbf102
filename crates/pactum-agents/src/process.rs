//! A child process spoken to in lines, never waited on without a deadline.
//!
//! The command runs under `/bin/sh -c 'exec COMMAND'` (so `python3 agent.py --flag` works as
//! written and the shell gives way to the agent) in a process group of its own, so that killing
//! it also kills whatever it started. Two threads read its output: lines of stdout go to a
//! channel the caller waits on with a timeout; stderr keeps its last few kilobytes, for the
//! error message when the agent dies. Reading is bounded: a line longer than [`MAX_LINE`] is a
//! protocol error, not an allocation.

use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// The longest line an agent may write: a `start` answer or an offer is a few hundred bytes.
pub const MAX_LINE: usize = 1 << 20;
/// How much of the agent's stderr is kept for error messages.
const STDERR_TAIL: usize = 4096;

/// What came, or did not come, from the agent.
#[derive(Debug, PartialEq, Eq)]
pub enum Heard {
    /// One line, without its newline.
    Line(String),
    /// Nothing within the time allowed.
    Silence,
    /// Its stdout closed: it exited or closed it.
    Closed,
    /// A line longer than [`MAX_LINE`].
    TooLong,
}

enum Chunk {
    Line(String),
    TooLong,
}

/// A running agent.
pub struct Process {
    child: Child,
    stdin: Option<ChildStdin>,
    lines: Receiver<Chunk>,
    stderr: Arc<Mutex<Vec<u8>>>,
    stderr_closed: Receiver<()>,
    exited: bool,
    killed: bool,
}

impl Process {
    /// Starts `command` with pipes for its stdin, stdout and stderr.
    pub fn spawn(command: &str) -> std::io::Result<Process> {
        use std::os::unix::process::CommandExt;
        let mut child = Command::new("/bin/sh")
            .arg("-c")
            .arg(format!("exec {command}"))
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .process_group(0)
            .spawn()?;
        let stdout = child.stdout.take().expect("piped");
        let stderr = child.stderr.take().expect("piped");
        let (send, lines) = channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            loop {
                let mut line = Vec::new();
                // One byte past the limit tells a long line from one of exactly MAX_LINE.
                match (&mut reader)
                    .take(MAX_LINE as u64 + 1)
                    .read_until(b'\n', &mut line)
                {
                    Ok(0) | Err(_) => return,
                    Ok(_) => {}
                }
                let complete = line.last() == Some(&b'\n');
                if !complete && line.len() > MAX_LINE {
                    let _ = send.send(Chunk::TooLong);
                    return;
                }
                while line.last().is_some_and(|b| *b == b'\n' || *b == b'\r') {
                    line.pop();
                }
                let text = String::from_utf8_lossy(&line).into_owned();
                if send.send(Chunk::Line(text)).is_err() {
                    return;
                }
            }
        });
        let tail = Arc::new(Mutex::new(Vec::new()));
        let keep = Arc::clone(&tail);
        let (stderr_done, stderr_closed) = channel::<()>();
        std::thread::spawn(move || {
            let mut stderr = stderr;
            let mut buf = [0u8; 4096];
            // Dropping the sender at EOF tells `last_words` everything has been read.
            let _done = stderr_done;
            while let Ok(n) = stderr.read(&mut buf) {
                if n == 0 {
                    return;
                }
                let mut t = keep.lock().unwrap_or_else(|e| e.into_inner());
                t.extend_from_slice(&buf[..n]);
                if t.len() > STDERR_TAIL {
                    let cut = t.len() - STDERR_TAIL;
                    t.drain(..cut);
                }
            }
        });
        Ok(Process {
            stdin: child.stdin.take(),
            child,
            lines,
            stderr: tail,
            stderr_closed,
            exited: false,
            killed: false,
        })
    }

    /// Writes one line. An agent that has closed its input (or died) makes this fail.
    pub fn send(&mut self, line: &str) -> std::io::Result<()> {
        let stdin = self
            .stdin
            .as_mut()
            .ok_or_else(|| std::io::Error::from(std::io::ErrorKind::BrokenPipe))?;
        stdin.write_all(line.as_bytes())?;
        stdin.write_all(b"\n")?;
        stdin.flush()
    }

    /// Waits at most `wait` for the next line.
    pub fn receive(&mut self, wait: Duration) -> Heard {
        match self.lines.recv_timeout(wait) {
            Ok(Chunk::Line(l)) => Heard::Line(l),
            Ok(Chunk::TooLong) => Heard::TooLong,
            Err(RecvTimeoutError::Timeout) => Heard::Silence,
            Err(RecvTimeoutError::Disconnected) => Heard::Closed,
        }
    }

    /// The last line the agent wrote to stderr, if any (a traceback's last line says why).
    /// Once it has exited, waits briefly for the rest of its stderr to be read.
    pub fn last_words(&self) -> Option<String> {
        if self.exited {
            let _ = self.stderr_closed.recv_timeout(Duration::from_millis(300));
        }
        let tail = self.stderr.lock().unwrap_or_else(|e| e.into_inner());
        String::from_utf8_lossy(&tail)
            .lines()
            .map(str::trim)
            .rfind(|l| !l.is_empty())
            .map(|l| l.chars().take(300).collect())
    }

    /// How it exited, once it has (waiting up to `grace` for it).
    pub fn exit_status(&mut self, grace: Duration) -> Option<std::process::ExitStatus> {
        let until = Instant::now() + grace;
        loop {
            match self.child.try_wait() {
                Ok(Some(status)) => {
                    self.exited = true;
                    return Some(status);
                }
                Ok(None) if Instant::now() < until => std::thread::sleep(Duration::from_millis(2)),
                _ => return None,
            }
        }
    }

    /// Closes its input and gives it `grace` to exit on its own; then kills it.
    pub fn close(&mut self, grace: Duration) {
        self.stdin = None;
        if self.exit_status(grace).is_none() {
            self.kill();
        }
    }

    /// Kills its whole process group (whatever the agent started goes too) and reaps it.
    pub fn kill(&mut self) {
        self.stdin = None;
        if !self.killed {
            let group = self.child.id() as libc::pid_t;
            // SAFETY: kill(2) with a negative pid signals the process group spawn() created;
            // it touches no memory of ours.
            unsafe {
                libc::kill(-group, libc::SIGKILL);
            }
            self.killed = true;
        }
        if !self.exited {
            let _ = self.child.wait();
            self.exited = true;
        }
    }
}

impl Drop for Process {
    fn drop(&mut self) {
        self.kill();
    }
}
