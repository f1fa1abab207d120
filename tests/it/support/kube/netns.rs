//! Test hosts: a network namespace of the test's own, joined to this machine by a veth
//! pair with a /30 of 10.213.0.0/16 (the host end `.1`, the test host `.2`).
//!
//! Why: the real API server refuses to proxy (`pods/proxy`, `services/proxy`) to
//! loopback and link-local addresses, and every server of the tests binds 127.0.0.1. A
//! pod whose `status.podIP` is a test host's address can be reached through the API
//! server; the process behind it either runs inside the namespace (`TestHost::command`,
//! `ip netns exec`) or stays on 127.0.0.1 with a forwarder listening inside
//! (`TestHost::forward`).
//!
//! Names are unique per process and test (`mtest-PID-N`, interface `mhPIDxN`), so tests
//! and test runs in parallel do not meet; everything is removed on drop, also when the
//! test panics, and hosts left by a killed run are removed by the next one.

use super::runtime;
use std::net::{Ipv4Addr, SocketAddr};
use std::os::fd::AsRawFd;
use std::process::{Child, Command, Stdio};
use std::sync::Once;
use std::sync::atomic::{AtomicU32, Ordering};

static NEXT: AtomicU32 = AtomicU32::new(0);
static SWEEP: Once = Once::new();

const PREFIX: &str = "mtest-";

fn ip(args: &[&str]) -> Result<String, String> {
    let out = Command::new("ip")
        .args(args)
        .stdin(Stdio::null())
        .output()
        .map_err(|e| format!("cannot run `ip` (install iproute2): {e}"))?;
    if out.status.success() {
        Ok(String::from_utf8_lossy(&out.stdout).into_owned())
    } else {
        Err(format!(
            "`ip {}` failed: {}",
            args.join(" "),
            String::from_utf8_lossy(&out.stderr).trim()
        ))
    }
}

fn must(args: &[&str]) {
    if let Err(e) = ip(args) {
        panic!("{e}\nhint: test hosts need root (CAP_NET_ADMIN) and iproute2's `ip netns`");
    }
}

fn host_if(pid: u32, n: u32) -> String {
    format!("mh{pid:x}x{n}")
}

/// Removes test hosts whose test process no longer runs.
fn sweep() {
    let Ok(list) = ip(&["netns", "list"]) else {
        return;
    };
    for line in list.lines() {
        let name = line.split_whitespace().next().unwrap_or("");
        let Some(rest) = name.strip_prefix(PREFIX) else {
            continue;
        };
        let Some((pid, n)) = rest.split_once('-') else {
            continue;
        };
        let (Ok(pid), Ok(n)) = (pid.parse::<u32>(), n.parse::<u32>()) else {
            continue;
        };
        if !std::path::Path::new(&format!("/proc/{pid}")).exists() {
            let _ = ip(&["netns", "del", name]);
            let _ = ip(&["link", "del", &host_if(pid, n)]);
        }
    }
}

/// A network namespace with one address reachable from this machine.
pub struct TestHost {
    name: String,
    host_if: String,
    ip: Ipv4Addr,
    children: Vec<Child>,
    forwards: Vec<tokio::task::JoinHandle<()>>,
}

impl TestHost {
    pub fn new() -> TestHost {
        SWEEP.call_once(sweep);
        let pid = std::process::id();
        let n = NEXT.fetch_add(1, Ordering::Relaxed);
        let name = format!("{PREFIX}{pid}-{n}");
        let host_if = host_if(pid, n);
        must(&["netns", "add", &name]);
        // From here on, drop cleans up whatever was made.
        let mut host = TestHost {
            name,
            host_if,
            ip: Ipv4Addr::UNSPECIFIED,
            children: Vec::new(),
            forwards: Vec::new(),
        };
        must(&[
            "link",
            "add",
            &host.host_if,
            "type",
            "veth",
            "peer",
            "name",
            "eth0",
            "netns",
            &host.name,
        ]);
        let (outer, inner) = free_subnet();
        host.ip = inner;
        must(&["addr", "add", &format!("{outer}/30"), "dev", &host.host_if]);
        must(&["link", "set", &host.host_if, "up"]);
        must(&[
            "-n",
            &host.name,
            "addr",
            "add",
            &format!("{inner}/30"),
            "dev",
            "eth0",
        ]);
        must(&["-n", &host.name, "link", "set", "eth0", "up"]);
        must(&["-n", &host.name, "link", "set", "lo", "up"]);
        host
    }

    /// The test host's address (what a pod's `podIP` says).
    pub fn ip(&self) -> Ipv4Addr {
        self.ip
    }

    /// The namespace's name (for `ip netns exec`).
    pub fn name(&self) -> &str {
        &self.name
    }

    /// A command that runs `program` inside the test host.
    pub fn command(&self, program: &str) -> Command {
        let mut cmd = Command::new("ip");
        cmd.args(["netns", "exec", &self.name, program]);
        cmd
    }

    /// Starts `cmd` (from `command`) in a process group of its own; it is killed by its
    /// PID when the host is dropped. Returns the PID.
    pub fn spawn(&mut self, cmd: &mut Command) -> u32 {
        use std::os::unix::process::CommandExt;
        let child = cmd
            .process_group(0)
            .stdin(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start a process in {}: {e}", self.name));
        let pid = child.id();
        self.children.push(child);
        pid
    }

    /// Listens on `IP:port` inside the test host and forwards each connection to
    /// `target` (a server on this machine's 127.0.0.1).
    pub fn forward(&mut self, port: u16, target: SocketAddr) {
        let netns = std::fs::File::open(format!("/run/netns/{}", self.name))
            .unwrap_or_else(|e| panic!("cannot open the namespace {}: {e}", self.name));
        let addr = SocketAddr::from((self.ip, port));
        // setns(2) moves only the calling thread; a socket keeps the namespace it was
        // made in, so a throwaway thread makes the listener there.
        let listener = std::thread::spawn(move || {
            // SAFETY: setns on this thread only, with a valid namespace file.
            let rc = unsafe { libc::setns(netns.as_raw_fd(), libc::CLONE_NEWNET) };
            assert_eq!(rc, 0, "setns: {}", std::io::Error::last_os_error());
            let l = std::net::TcpListener::bind(addr)
                .unwrap_or_else(|e| panic!("cannot listen on {addr} in the test host: {e}"));
            l.set_nonblocking(true).expect("nonblocking");
            l
        })
        .join()
        .expect("the listener thread");
        let _guard = runtime().enter();
        let listener = tokio::net::TcpListener::from_std(listener).expect("listener");
        self.forwards.push(runtime().spawn(async move {
            loop {
                let Ok((mut inbound, _)) = listener.accept().await else {
                    continue;
                };
                tokio::spawn(async move {
                    if let Ok(mut outbound) = tokio::net::TcpStream::connect(target).await {
                        let _ = tokio::io::copy_bidirectional(&mut inbound, &mut outbound).await;
                    }
                });
            }
        }));
    }
}

impl Default for TestHost {
    fn default() -> Self {
        TestHost::new()
    }
}

/// A /30 of 10.213.0.0/16 no interface of this machine uses: (host end, test host).
fn free_subnet() -> (Ipv4Addr, Ipv4Addr) {
    for _ in 0..100 {
        let k: u32 = rand::random_range(0..16384);
        let base = u32::from(Ipv4Addr::new(10, 213, 0, 0)) + 4 * k;
        let (outer, inner) = (Ipv4Addr::from(base + 1), Ipv4Addr::from(base + 2));
        let used = ip(&["-4", "-o", "addr", "show"]).unwrap_or_default();
        if !used.contains(&format!(" {outer}/")) {
            return (outer, inner);
        }
    }
    panic!("no free /30 in 10.213.0.0/16 for a test host");
}

impl Drop for TestHost {
    fn drop(&mut self) {
        for f in &self.forwards {
            f.abort();
        }
        for child in &mut self.children {
            // The whole group: `ip netns exec` execs the program, which may fork.
            // SAFETY: signalling a process group this host started.
            unsafe { libc::kill(-(child.id() as i32), libc::SIGKILL) };
            let _ = child.wait();
        }
        let _ = ip(&["netns", "del", &self.name]);
        let _ = ip(&["link", "del", &self.host_if]);
    }
}
