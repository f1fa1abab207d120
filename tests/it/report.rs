//! The rollout report as people see it: a real canary on the local mesh (a real Envoy,
//! real traffic) writes its report with `--report`, `canary report` makes it again
//! from the record, and a real headless Chromium (Debian's `chromium`,
//! `MESHCTL_TEST_CHROMIUM`) renders it. The screenshot must show the charts: the
//! series' and thresholds' colours (used by nothing else on the page) are counted.
//! Also: the committed sample report (`docs/sample-report.html`) is fresh.
use crate::local_mesh::{Behaviour, Mesh, backend, canary_run, local_cli};
use crate::support::cli;
use meshctl::core::report::chart::{CANARY_COLOUR, STABLE_COLOUR, THRESHOLD_COLOUR};
use std::path::{Path, PathBuf};

fn chromium() -> PathBuf {
    match std::env::var_os("MESHCTL_TEST_CHROMIUM") {
        Some(p) => PathBuf::from(p),
        None => panic!(
            "MESHCTL_TEST_CHROMIUM is not set: a headless Chromium is required by this test\nhint: run the tests with `./scripts/test.sh`, which installs Debian's `chromium`"
        ),
    }
}

/// Renders `html` in headless Chromium at 1200×2000 and returns the screenshot as RGB
/// rows.
fn screenshot(html: &Path, dir: &Path) -> (usize, usize, Vec<u8>) {
    let png = dir.join("report.png");
    let mut cmd = std::process::Command::new(chromium());
    cmd.args([
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--hide-scrollbars",
        "--window-size=1200,2000",
    ])
    .arg(format!("--user-data-dir={}", dir.join("profile").display()))
    .arg(format!("--screenshot={}", png.display()))
    .arg(format!("file://{}", html.display()));
    let run = cli::run_cmd(&mut cmd, None);
    assert!(
        png.exists(),
        "chromium wrote no screenshot (exit {}): {}",
        run.code,
        run.stderr
    );
    let decoder = png::Decoder::new(std::io::BufReader::new(std::fs::File::open(&png).unwrap()));
    let mut reader = decoder.read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut buf).unwrap();
    let channels = info.color_type.samples();
    assert!(channels >= 3, "{:?}", info.color_type);
    let rgb: Vec<u8> = buf[..info.buffer_size()]
        .chunks(channels)
        .flat_map(|p| [p[0], p[1], p[2]])
        .collect();
    (info.width as usize, info.height as usize, rgb)
}

fn rgb(hex: &str) -> [u8; 3] {
    let n = u32::from_str_radix(hex.trim_start_matches('#'), 16).unwrap();
    [(n >> 16) as u8, (n >> 8) as u8, n as u8]
}

/// Pixels within a small distance of `colour`.
fn count(pixels: &[u8], colour: &str) -> usize {
    let c = rgb(colour);
    pixels
        .chunks(3)
        .filter(|p| {
            (0..3)
                .map(|i| (i32::from(p[i]) - i32::from(c[i])).abs())
                .sum::<i32>()
                < 30
        })
        .count()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_real_canarys_report_shows_its_charts_in_a_real_chromium() {
    let mesh = Mesh::up().await;
    mesh.endpoint("v1", backend("v1", Behaviour::default()).await)
        .await;
    mesh.endpoint("v2", backend("v2", Behaviour::default()).await)
        .await;
    let dir = tempfile::tempdir().unwrap();
    let report = dir.path().join("report.html");
    let report_arg = report.to_str().unwrap().to_string();
    let (run, _, _) = canary_run(
        &mesh,
        &[
            "--steps",
            "20,50",
            "--interval",
            "3s",
            "--max-p99",
            "500ms",
            "--report",
            &report_arg,
        ],
    )
    .await;
    assert_eq!(run.code, 0, "{}", run.snapshot());
    assert!(
        run.stderr.contains("wrote the rollout report"),
        "{}",
        run.stderr
    );
    let html = std::fs::read_to_string(&report).unwrap();
    assert!(html.contains("Succeeded"), "{html}");
    // Two judged steps, three charts each, every one with its threshold.
    assert_eq!(html.matches("<svg").count(), 6, "{html}");
    assert!(html.contains("at least 99%") && html.contains("at most 500 ms"));

    // Later, from the record alone: the same figures.
    let again = local_cli(&mesh, &["canary", "report", "reviews"]).await;
    assert_eq!(again.code, 0, "{}", again.snapshot());
    let strip = |page: &str| page.split("Report made").next().unwrap().to_string();
    assert_eq!(strip(&again.stdout), strip(&html));

    let (width, height, pixels) = screenshot(&report, dir.path());
    assert_eq!((width, height), (1200, 2000));
    let (stable, canary, threshold) = (
        count(&pixels, STABLE_COLOUR),
        count(&pixels, CANARY_COLOUR),
        count(&pixels, THRESHOLD_COLOUR),
    );
    // A drawn line across a 300 px plot is hundreds of pixels; six charts more.
    assert!(stable > 600, "stable's lines: {stable} pixels");
    assert!(canary > 600, "the canary's lines: {canary} pixels");
    assert!(threshold > 400, "threshold lines: {threshold} pixels");
    let background = pixels
        .chunks(3)
        .filter(|p| p.iter().all(|&c| c > 245))
        .count();
    assert!(
        background < width * height,
        "the page is blank: {background} background pixels"
    );
}
