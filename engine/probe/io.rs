//! A TCP stream with a deadline per step and a cap on the bytes read, so that a server that
//! trickles bytes or sends without end can neither hang the probe nor make it allocate.

use std::io::{self, Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

pub struct Bounded {
    stream: TcpStream,
    deadline: Instant,
    budget: usize,
}

impl Bounded {
    pub fn new(stream: TcpStream) -> Self {
        Self { stream, deadline: Instant::now(), budget: 0 }
    }

    /// Starts a step: it must finish within `timeout` and read at most `max_bytes`.
    pub fn step(&mut self, timeout: Duration, max_bytes: usize) {
        self.deadline = Instant::now() + timeout;
        self.budget = max_bytes;
    }

    /// Time left in the step, or a timeout error once it is spent.
    fn remaining(&self) -> io::Result<Duration> {
        match self.deadline.checked_duration_since(Instant::now()) {
            Some(d) if !d.is_zero() => Ok(d),
            _ => Err(io::Error::new(io::ErrorKind::TimedOut, "the step's time is up")),
        }
    }

    /// Reads exactly `buf.len()` bytes; a clean end of stream before the first byte is
    /// `UnexpectedEof` like any other short read.
    pub fn read_exact_bounded(&mut self, buf: &mut [u8]) -> io::Result<()> {
        let mut filled = 0;
        while filled < buf.len() {
            match self.read(&mut buf[filled..])? {
                0 => return Err(io::Error::new(io::ErrorKind::UnexpectedEof, "the server closed the connection")),
                n => filled += n,
            }
        }
        Ok(())
    }
}

impl Read for Bounded {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.budget == 0 {
            return Err(io::Error::new(io::ErrorKind::InvalidData, "the server sent more than the probe reads"));
        }
        let left = self.remaining()?;
        self.stream.set_read_timeout(Some(left))?;
        let max = buf.len().min(self.budget);
        let n = self.stream.read(&mut buf[..max]).map_err(timeout_kind)?;
        self.budget -= n;
        Ok(n)
    }
}

impl Write for Bounded {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let left = self.remaining()?;
        self.stream.set_write_timeout(Some(left))?;
        self.stream.write(buf).map_err(timeout_kind)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.stream.flush()
    }
}

/// A read or write timeout shows as `WouldBlock` on Unix and `TimedOut` on Windows; one kind
/// for both.
fn timeout_kind(e: io::Error) -> io::Error {
    match e.kind() {
        io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut => {
            io::Error::new(io::ErrorKind::TimedOut, "no answer within the step's time")
        }
        _ => e,
    }
}

/// How a failed read or write ended, in the terms of the facts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ending {
    Closed,
    Timeout,
    Other,
}

pub fn ending(e: &io::Error) -> Ending {
    match e.kind() {
        io::ErrorKind::TimedOut | io::ErrorKind::WouldBlock => Ending::Timeout,
        io::ErrorKind::UnexpectedEof
        | io::ErrorKind::ConnectionReset
        | io::ErrorKind::ConnectionAborted
        | io::ErrorKind::BrokenPipe => Ending::Closed,
        _ => Ending::Other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::net::TcpListener;

    /// A connected pair over loopback: (the probe's side, the server's side).
    fn pair() -> (Bounded, TcpStream) {
        let l = TcpListener::bind("127.0.0.1:0").unwrap();
        let client = TcpStream::connect(l.local_addr().unwrap()).unwrap();
        (Bounded::new(client), l.accept().unwrap().0)
    }

    #[test]
    fn reads_stop_at_the_byte_cap() {
        let (mut probe, mut server) = pair();
        server.write_all(&[7u8; 4096]).unwrap();
        probe.step(Duration::from_secs(30), 100);
        let mut buf = vec![0u8; 4096];
        let mut total = 0;
        let err = loop {
            match probe.read(&mut buf) {
                Ok(n) => total += n,
                Err(e) => break e,
            }
        };
        assert_eq!(total, 100);
        assert_eq!(err.kind(), io::ErrorKind::InvalidData);
    }

    #[test]
    fn a_silent_server_times_out_and_a_closed_one_is_closed() {
        let (mut probe, server) = pair();
        probe.step(Duration::from_millis(50), 100);
        let e = probe.read_exact_bounded(&mut [0u8; 4]).unwrap_err();
        assert_eq!(ending(&e), Ending::Timeout);
        drop(server);
        probe.step(Duration::from_secs(30), 100);
        let e = probe.read_exact_bounded(&mut [0u8; 4]).unwrap_err();
        assert_eq!(ending(&e), Ending::Closed);
    }
}
