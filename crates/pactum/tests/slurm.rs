//! A tournament on a real SLURM: a one-node cluster (munged, slurmctld, slurmd from Debian's
//! `slurm-wlm` and `munge`) started for this test in a folder of its own, the shipped job script
//! `deploy/slurm-tournament.sh` submitted as a 4-task job array, the shards merged, and the
//! result compared with a single run's (`../shared/research/cluster.md` has the set-up).
//!
//! `.ci/run` installs the packages and sets `PACTUM_REQUIRE_SLURM`; elsewhere, without them,
//! the test says it skipped.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The daemons this test started, stopped when it ends however it ends.
struct Daemons(Vec<Child>);

impl Drop for Daemons {
    fn drop(&mut self) {
        // SIGTERM first, so that slurmctld reaps its script helper; SIGKILL after 5 s.
        for child in self.0.iter_mut().rev() {
            // SAFETY: kill(2) on a child this test started and has not reaped.
            unsafe {
                libc::kill(child.id() as libc::pid_t, libc::SIGTERM);
            }
            let until = Instant::now() + Duration::from_secs(5);
            while child.try_wait().ok().flatten().is_none() && Instant::now() < until {
                std::thread::sleep(Duration::from_millis(50));
            }
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

fn tool(name: &str) -> Option<PathBuf> {
    ["/usr/bin", "/usr/sbin", "/usr/local/bin", "/usr/local/sbin"]
        .iter()
        .map(|d| Path::new(d).join(name))
        .find(|p| p.exists())
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn wait_for(what: &str, timeout: Duration, mut ready: impl FnMut() -> bool, logs: &Path) {
    let until = Instant::now() + timeout;
    while !ready() {
        if Instant::now() > until {
            let mut text = String::new();
            for entry in std::fs::read_dir(logs).unwrap().flatten() {
                if entry
                    .path()
                    .extension()
                    .is_some_and(|e| e == "log" || e == "out")
                {
                    text += &format!(
                        "--- {}\n{}\n",
                        entry.path().display(),
                        std::fs::read_to_string(entry.path()).unwrap_or_default()
                    );
                }
            }
            panic!("{what} did not happen within {timeout:?}\n{text}");
        }
        std::thread::sleep(Duration::from_millis(200));
    }
}

fn pactum(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_pactum"))
        .args(args)
        .output()
        .expect("run pactum")
}

#[test]
fn a_tournament_runs_as_a_slurm_job_array_and_merges_to_the_single_runs_result() {
    let tools: Vec<Option<PathBuf>> = ["munged", "slurmctld", "slurmd", "sbatch", "sinfo"]
        .iter()
        .map(|t| tool(t))
        .collect();
    if tools.iter().any(Option::is_none) {
        if std::env::var_os("PACTUM_REQUIRE_SLURM").is_some() {
            panic!("SLURM or munge is not installed, and PACTUM_REQUIRE_SLURM says it must be");
        }
        use std::io::Write;
        let _ = writeln!(
            std::io::stderr(),
            "SKIPPED: a_tournament_runs_as_a_slurm_job_array: slurm-wlm and munge are not installed"
        );
        return;
    }
    let [munged, slurmctld, slurmd, sbatch, sinfo] =
        <[PathBuf; 5]>::try_from(tools.into_iter().map(Option::unwrap).collect::<Vec<_>>())
            .unwrap();
    let dir = std::env::temp_dir().join(format!("pactum-slurm-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    for sub in ["state", "spool", "out"] {
        std::fs::create_dir_all(dir.join(sub)).unwrap();
    }
    // munge: a fresh key, a socket in the test's folder.
    let key = dir.join("munge.key");
    let mut random = vec![0u8; 1024];
    {
        use std::io::Read;
        std::fs::File::open("/dev/urandom")
            .and_then(|mut f| f.read_exact(&mut random))
            .expect("1024 random bytes for munge's key");
    }
    std::fs::write(&key, random).unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&key, std::fs::Permissions::from_mode(0o400)).unwrap();
    let socket = dir.join("munge.sock");
    let log = |name: &str| std::fs::File::create(dir.join(name)).unwrap();
    let mut daemons = Daemons(Vec::new());
    daemons.0.push(
        Command::new(&munged)
            .arg("-F")
            .arg("-f")
            .arg(format!("--key-file={}", key.display()))
            .arg(format!("--socket={}", socket.display()))
            .arg(format!("--pid-file={}", dir.join("munged.pid").display()))
            .arg(format!("--log-file={}", dir.join("munged.log").display()))
            .arg(format!("--seed-file={}", dir.join("munge.seed").display()))
            .stdout(log("munged.out"))
            .stderr(log("munged.err.out"))
            .spawn()
            .expect("start munged"),
    );
    wait_for(
        "munged's socket",
        Duration::from_secs(20),
        || socket.exists(),
        &dir,
    );

    let host = String::from_utf8(
        Command::new("hostname")
            .arg("-s")
            .output()
            .expect("hostname")
            .stdout,
    )
    .unwrap()
    .trim()
    .to_string();
    let cpus = std::thread::available_parallelism().map_or(1, |n| n.get());
    let d = dir.display();
    let conf = dir.join("slurm.conf");
    std::fs::write(
        &conf,
        format!(
            "ClusterName=pactum-test\nSlurmctldHost={host}\nSlurmUser=root\nSlurmdUser=root\n\
             AuthType=auth/munge\nAuthInfo=socket={socket}\nCredType=cred/munge\n\
             StateSaveLocation={d}/state\nSlurmdSpoolDir={d}/spool\n\
             SlurmctldPidFile={d}/slurmctld.pid\nSlurmdPidFile={d}/slurmd.pid\n\
             SlurmctldLogFile={d}/slurmctld.log\nSlurmdLogFile={d}/slurmd.log\n\
             SlurmctldPort={}\nSlurmdPort={}\nProctrackType=proctrack/linuxproc\n\
             TaskPlugin=task/none\nSelectType=select/cons_tres\nSelectTypeParameters=CR_Core\n\
             ReturnToService=2\nMpiDefault=none\n\
             NodeName={host} CPUs={cpus} State=UNKNOWN\n\
             PartitionName=main Nodes={host} Default=YES MaxTime=INFINITE State=UP\n",
            free_port(),
            free_port(),
            socket = socket.display(),
        ),
    )
    .unwrap();
    let slurm = |program: &Path| {
        let mut c = Command::new(program);
        c.env("SLURM_CONF", &conf);
        c
    };
    daemons.0.push(
        slurm(&slurmctld)
            .args(["-D", "-f"])
            .arg(&conf)
            .stdout(log("slurmctld.out"))
            .stderr(Stdio::null())
            .spawn()
            .expect("start slurmctld"),
    );
    std::thread::sleep(Duration::from_secs(1));
    daemons.0.push(
        slurm(&slurmd)
            .args(["-D", "-f"])
            .arg(&conf)
            .stdout(log("slurmd.out"))
            .stderr(Stdio::null())
            .spawn()
            .expect("start slurmd"),
    );
    wait_for(
        "the node to be idle",
        Duration::from_secs(60),
        || {
            slurm(&sinfo)
                .args(["-h", "-o", "%T"])
                .output()
                .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "idle")
        },
        &dir,
    );

    let config = dir.join("t.toml");
    std::fs::write(
        &config,
        "[tournament]\nscenarios = [\"car-purchase\", \"inheritance\"]\n\
         strategies = [\"boulware\", \"linear\", \"tit-for-tat\"]\nrepetitions = 2\nseed = 7\n",
    )
    .unwrap();
    let out = dir.join("out");
    let mut job = slurm(&sbatch)
        .args(["--wait", "-c", "1", "--array=0-3"])
        .arg(format!("--chdir={}", dir.display()))
        .arg(format!(
            "--export=ALL,PACTUM={}",
            env!("CARGO_BIN_EXE_pactum")
        ))
        .arg(format!("--output={}/task-%a.out", dir.display()))
        .arg(root().join("deploy/slurm-tournament.sh"))
        .arg(&config)
        .arg(&out)
        .stdout(log("sbatch.out"))
        .stderr(log("sbatch.err.out"))
        .spawn()
        .expect("sbatch");
    let mut status = None;
    wait_for(
        "the job array to finish",
        Duration::from_secs(300),
        || {
            status = job.try_wait().unwrap();
            status.is_some()
        },
        &dir,
    );
    assert!(
        status.unwrap().success(),
        "sbatch --wait failed: see {}",
        dir.display()
    );

    let shards: Vec<String> = (0..4)
        .map(|i| out.join(format!("shard-{i}.sqlite")).display().to_string())
        .collect();
    for s in &shards {
        assert!(Path::new(s).exists(), "task wrote {s}");
    }
    let all = dir.join("all.sqlite").display().to_string();
    let mut args = vec!["tournament", "merge"];
    args.extend(shards.iter().map(String::as_str));
    args.extend(["-o", all.as_str()]);
    let o = pactum(&args);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(String::from_utf8_lossy(&o.stdout).contains("merged 24 negotiations from 4 file(s)"));
    // The merged file is the single run's, row for row, and replays byte for byte.
    let single = dir.join("single.sqlite").display().to_string();
    let o = pactum(&["tournament", config.to_str().unwrap(), "--db", &single]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let report = |db: &str| pactum(&["report", db, "--format", "json"]).stdout;
    assert_eq!(report(&all), report(&single));
    let o = pactum(&["tournament", "replay", &all]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    drop(daemons);
    let _ = std::fs::remove_dir_all(&dir);
}
