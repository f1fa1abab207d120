//! One line chart as inline SVG: the figures of a stage's rounds over time, one line
//! per version, and the check's threshold as a dashed line. The maths (ranges, ticks,
//! pixel positions) are plain functions, tested here; the report only fills in data.
//! Each series has a colour nothing else on the page uses, so a screenshot can be
//! checked for drawn charts by counting those colours.

use std::fmt::Write;

use super::html::escape;

/// Chart size in CSS pixels and its plotting area's margins.
pub const WIDTH: f64 = 360.0;
pub const HEIGHT: f64 = 170.0;
const LEFT: f64 = 48.0;
const RIGHT: f64 = 10.0;
const TOP: f64 = 12.0;
const BOTTOM: f64 = 24.0;

/// Series colours, unique on the page (see the module docs).
pub const STABLE_COLOUR: &str = "#1c64d8";
pub const CANARY_COLOUR: &str = "#f2700c";
pub const THRESHOLD_COLOUR: &str = "#d0102a";

/// One version's values: (seconds since the stage began, value); `None` is a round
/// without a figure, drawn as a gap.
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    pub name: String,
    pub colour: &'static str,
    pub points: Vec<(f64, Option<f64>)>,
}

/// A chart: a title, its unit, the series, and a threshold if the check has one.
#[derive(Debug, Clone, PartialEq)]
pub struct Chart {
    pub title: String,
    pub unit: &'static str,
    pub series: Vec<Series>,
    /// The limit and what it is (`at least 99%`).
    pub threshold: Option<(f64, String)>,
    /// The highest value that makes sense (100 for a percentage).
    pub ceiling: Option<f64>,
}

/// A value range with "nice" ticks (1, 2 or 5 times a power of ten apart).
#[derive(Debug, Clone, PartialEq)]
pub struct Axis {
    pub min: f64,
    pub max: f64,
    pub ticks: Vec<f64>,
}

/// The tick spacing near `span / 4` among 1, 2, 5 × 10^k.
pub fn nice_step(span: f64) -> f64 {
    if !(span.is_finite() && span > 0.0) {
        return 1.0;
    }
    let raw = span / 4.0;
    let power = 10f64.powf(raw.log10().floor());
    let fraction = raw / power;
    let nice = if fraction <= 1.0 {
        1.0
    } else if fraction <= 2.0 {
        2.0
    } else if fraction <= 5.0 {
        5.0
    } else {
        10.0
    };
    nice * power
}

/// The axis that holds every value (and the threshold), widened to whole ticks and
/// never above `ceiling`; a flat or empty range still gets some height.
pub fn axis(values: impl IntoIterator<Item = f64>, ceiling: Option<f64>) -> Axis {
    let (mut lo, mut hi) = values
        .into_iter()
        .filter(|v| v.is_finite())
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| {
            (lo.min(v), hi.max(v))
        });
    if lo > hi {
        (lo, hi) = (0.0, 1.0);
    }
    let non_negative = lo >= 0.0;
    if hi - lo < 1e-9 {
        let pad = if hi.abs() < 1e-9 {
            1.0
        } else {
            hi.abs() * 0.05
        };
        (lo, hi) = (lo - pad, hi + pad);
        // At the ceiling (100% of 100%), the room goes below.
        if let Some(c) = ceiling
            && hi > c
            && hi - pad <= c
        {
            (lo, hi) = (lo - (hi - c), c);
        }
    }
    let step = nice_step(hi - lo);
    let mut min = (lo / step).floor() * step;
    let mut max = (hi / step).ceil() * step;
    if non_negative && min < 0.0 {
        min = 0.0;
    }
    if let Some(c) = ceiling
        && hi <= c
    {
        max = max.min(c);
    }
    if max <= min {
        max = min + step;
    }
    let mut ticks = Vec::new();
    let mut t = min;
    while t <= max + step * 1e-6 {
        ticks.push((t / step).round() * step);
        t += step;
    }
    Axis { min, max, ticks }
}

/// Pixel position of `value` on an axis from `min` (at `from`) to `max` (at `to`).
pub fn project(value: f64, min: f64, max: f64, from: f64, to: f64) -> f64 {
    if max - min <= 0.0 {
        return from;
    }
    from + (value - min) / (max - min) * (to - from)
}

/// A tick label without needless decimals.
pub fn label(value: f64) -> String {
    if (value - value.round()).abs() < 1e-9 {
        format!("{}", value.round() as i64)
    } else {
        let text = format!("{value:.3}");
        text.trim_end_matches('0').trim_end_matches('.').to_string()
    }
}

impl Chart {
    /// The chart as an `<svg>` element.
    pub fn svg(&self) -> String {
        let x_max = self
            .series
            .iter()
            .flat_map(|s| s.points.iter().map(|p| p.0))
            .fold(0.0f64, f64::max)
            .max(1.0);
        let values = self
            .series
            .iter()
            .flat_map(|s| s.points.iter().filter_map(|p| p.1))
            .chain(self.threshold.as_ref().map(|t| t.0));
        let y = axis(values, self.ceiling);
        let px = |x: f64| project(x, 0.0, x_max, LEFT, WIDTH - RIGHT);
        let py = |v: f64| project(v, y.min, y.max, HEIGHT - BOTTOM, TOP);
        let mut out = String::new();
        let _ = write!(
            out,
            r#"<svg xmlns="http://www.w3.org/2000/svg" class="chart" width="{WIDTH}" height="{HEIGHT}" viewBox="0 0 {WIDTH} {HEIGHT}" role="img"><title>{}</title>"#,
            escape(&self.title)
        );
        // Grid and y labels.
        for t in &y.ticks {
            let yy = py(*t);
            let _ = write!(
                out,
                r##"<line x1="{LEFT}" x2="{}" y1="{yy:.1}" y2="{yy:.1}" stroke="#e4e4e4"/><text x="{}" y="{:.1}" text-anchor="end" class="tick">{}</text>"##,
                WIDTH - RIGHT,
                LEFT - 4.0,
                yy + 3.5,
                label(*t)
            );
        }
        let base = HEIGHT - BOTTOM;
        let _ = write!(
            out,
            r##"<line x1="{LEFT}" x2="{}" y1="{base}" y2="{base}" stroke="#888"/><text x="{LEFT}" y="{}" class="tick">0s</text><text x="{}" y="{}" text-anchor="end" class="tick">{}s</text>"##,
            WIDTH - RIGHT,
            HEIGHT - 6.0,
            WIDTH - RIGHT,
            HEIGHT - 6.0,
            label(x_max.round())
        );
        if let Some((limit, what)) = &self.threshold {
            let yy = py(*limit);
            let _ = write!(
                out,
                r#"<line x1="{LEFT}" x2="{}" y1="{yy:.1}" y2="{yy:.1}" stroke="{THRESHOLD_COLOUR}" stroke-width="2" stroke-dasharray="6 4"><title>{}</title></line>"#,
                WIDTH - RIGHT,
                escape(what)
            );
        }
        for s in &self.series {
            for segment in segments(&s.points) {
                let points: Vec<String> = segment
                    .iter()
                    .map(|&(x, v)| format!("{:.1},{:.1}", px(x), py(v)))
                    .collect();
                let _ = write!(
                    out,
                    r#"<polyline fill="none" stroke="{}" stroke-width="2.5" points="{}"/>"#,
                    s.colour,
                    points.join(" ")
                );
                for &(x, v) in &segment {
                    let _ = write!(
                        out,
                        r#"<circle cx="{:.1}" cy="{:.1}" r="3" fill="{}"><title>{}: {}{} at {}s</title></circle>"#,
                        px(x),
                        py(v),
                        s.colour,
                        escape(&s.name),
                        label(v),
                        self.unit,
                        label(x.round())
                    );
                }
            }
        }
        out.push_str("</svg>");
        out
    }
}

/// Runs of points with values, split where a round had none.
pub fn segments(points: &[(f64, Option<f64>)]) -> Vec<Vec<(f64, f64)>> {
    let mut out: Vec<Vec<(f64, f64)>> = Vec::new();
    let mut current = Vec::new();
    for &(x, v) in points {
        match v.filter(|v| v.is_finite()) {
            Some(v) => current.push((x, v)),
            None if !current.is_empty() => out.push(std::mem::take(&mut current)),
            None => {}
        }
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn steps_are_one_two_or_five_times_a_power_of_ten() {
        assert_eq!(nice_step(100.0), 50.0);
        assert_eq!(nice_step(4.0), 1.0);
        assert_eq!(nice_step(7.0), 2.0);
        assert_eq!(nice_step(0.3), 0.1);
        assert_eq!(nice_step(0.0), 1.0);
        assert_eq!(nice_step(f64::NAN), 1.0);
    }

    #[test]
    fn the_axis_holds_every_value_in_whole_ticks_below_the_ceiling() {
        let a = axis([97.5, 99.2, 100.0, 99.0], Some(100.0));
        assert_eq!((a.min, a.max), (97.0, 100.0));
        assert_eq!(a.ticks, [97.0, 98.0, 99.0, 100.0]);
        let a = axis([3.0, 37.0], None);
        assert_eq!((a.min, a.max), (0.0, 40.0));
        assert_eq!(a.ticks, [0.0, 10.0, 20.0, 30.0, 40.0]);
    }

    #[test]
    fn a_flat_or_empty_range_still_has_height() {
        let a = axis([100.0, 100.0], Some(100.0));
        assert!(a.min < 100.0 && a.max == 100.0, "{a:?}");
        let a = axis([], None);
        assert_eq!((a.min, a.max), (0.0, 1.0));
        let a = axis([0.0], None);
        assert_eq!(a.min, 0.0);
        assert!(a.max > 0.0);
    }

    #[test]
    fn values_project_linearly_and_upwards() {
        assert_eq!(project(0.0, 0.0, 10.0, 100.0, 0.0), 100.0);
        assert_eq!(project(10.0, 0.0, 10.0, 100.0, 0.0), 0.0);
        assert_eq!(project(2.5, 0.0, 10.0, 0.0, 200.0), 50.0);
        assert_eq!(project(5.0, 5.0, 5.0, 7.0, 9.0), 7.0);
    }

    #[test]
    fn labels_drop_needless_decimals() {
        assert_eq!(label(100.0), "100");
        assert_eq!(label(99.5), "99.5");
        assert_eq!(label(0.125), "0.125");
        assert_eq!(label(-2.0), "-2");
    }

    #[test]
    fn missing_figures_break_the_line() {
        let s = segments(&[
            (0.0, Some(1.0)),
            (1.0, None),
            (2.0, Some(2.0)),
            (3.0, Some(3.0)),
        ]);
        assert_eq!(s, [vec![(0.0, 1.0)], vec![(2.0, 2.0), (3.0, 3.0)]]);
        assert!(segments(&[(0.0, None)]).is_empty());
    }

    #[test]
    fn the_svg_draws_each_series_and_the_threshold_escaped() {
        let chart = Chart {
            title: "success <rate>".into(),
            unit: "%",
            series: vec![
                Series {
                    name: "v1".into(),
                    colour: STABLE_COLOUR,
                    points: vec![(0.0, Some(100.0)), (10.0, Some(99.0))],
                },
                Series {
                    name: "v2 & co".into(),
                    colour: CANARY_COLOUR,
                    points: vec![(0.0, Some(98.0)), (10.0, None)],
                },
            ],
            threshold: Some((99.0, "at least 99%".into())),
            ceiling: Some(100.0),
        };
        let svg = chart.svg();
        assert!(svg.starts_with("<svg") && svg.ends_with("</svg>"));
        assert!(svg.contains("success &lt;rate&gt;"));
        assert!(svg.contains("v2 &amp; co: 98% at 0s"));
        assert_eq!(svg.matches("<polyline").count(), 2);
        assert_eq!(svg.matches("stroke-dasharray").count(), 1);
        // The threshold line sits at 99 on an axis 98..100: halfway down the plot.
        let mid = (TOP + HEIGHT - BOTTOM) / 2.0;
        assert!(svg.contains(&format!(
            r#"y1="{mid:.1}" y2="{mid:.1}" stroke="{THRESHOLD_COLOUR}""#
        )));
        assert!(!svg.contains("<script"));
    }
}
