//! How long rendering takes: check + render + parse + typed read + schema validation
//! of whole service bundles (Gateway, VirtualService, DestinationRule, ServiceEntry),
//! at 100 and 1,000 bundles to show the cost grows linearly.
//!
//! `cargo bench --bench render`

use divan::{Bencher, black_box};
use meshctl::core::render::{Options, Renderer, TemplateSet};
use meshctl::core::spec::{Parts, ServiceSpec};

fn main() {
    divan::main();
}

const SPEC: &str = include_str!("../examples/specs/reviews.yaml");

fn specs(n: usize) -> Vec<ServiceSpec> {
    let base = ServiceSpec::from_yaml(SPEC).expect("the example spec reads");
    (0..n)
        .map(|i| {
            let mut spec = base.clone();
            spec.name = format!("svc-{i}");
            spec.hosts = vec![format!("svc-{i}"), format!("svc-{i}.example.com")];
            spec.destination_host = Some(format!("svc-{i}"));
            spec
        })
        .collect()
}

#[divan::bench(args = [100, 1000], sample_count = 10, sample_size = 1)]
fn render_and_validate_bundles(bencher: Bencher, n: usize) {
    let renderer = Renderer::new(&TemplateSet::builtin()).expect("templates compile");
    let opts = Options::default();
    let specs = specs(n);
    bencher.bench_local(|| {
        let mut objects = 0;
        for spec in &specs {
            let parts = Parts::all_of(spec);
            assert!(spec.check(parts).is_empty());
            objects += renderer.render(spec, parts, &opts).expect("renders").len();
        }
        black_box(objects)
    });
}

/// Where the time of one bundle goes, stage by stage (1,000 bundles each).
mod stages {
    use super::*;
    use meshctl::core::render::{Rendered, context};
    use meshctl::core::schema::Catalog;
    use meshctl::core::yaml::parse_documents;

    fn rendered(n: usize) -> Vec<Rendered> {
        let renderer = Renderer::new(&TemplateSet::builtin()).expect("templates compile");
        specs(n)
            .iter()
            .flat_map(|s| {
                renderer
                    .render(s, Parts::all_of(s), &Options::default())
                    .expect("renders")
            })
            .collect()
    }

    #[divan::bench(sample_count = 5, sample_size = 1)]
    fn template_text(bencher: Bencher) {
        let renderer = Renderer::new(&TemplateSet::builtin()).expect("templates compile");
        let specs = specs(1000);
        let opts = Options::default();
        bencher.bench_local(|| {
            for spec in &specs {
                let ctx = context::virtual_service(spec, &opts);
                black_box(
                    renderer
                        .render_text("virtualservice.yaml.j2", &ctx)
                        .expect("renders"),
                );
                let ctx = context::destination_rule(spec, &opts);
                black_box(
                    renderer
                        .render_text("destinationrule.yaml.j2", &ctx)
                        .expect("renders"),
                );
                let ctx = context::gateway(spec, &opts);
                black_box(
                    renderer
                        .render_text("gateway.yaml.j2", &ctx)
                        .expect("renders"),
                );
                let ctx = context::service_entry(spec, &spec.egress[0], &opts);
                black_box(
                    renderer
                        .render_text("serviceentry.yaml.j2", &ctx)
                        .expect("renders"),
                );
            }
        });
    }

    #[divan::bench(sample_count = 5, sample_size = 1)]
    fn yaml_parse(bencher: Bencher) {
        let texts: Vec<String> = rendered(1000)
            .iter()
            .map(|r| meshctl::core::yaml::to_yaml(&r.value))
            .collect();
        bencher.bench_local(|| {
            for t in &texts {
                black_box(parse_documents(t).expect("parses"));
            }
        });
    }

    #[divan::bench(sample_count = 5, sample_size = 1)]
    fn typed_read(bencher: Bencher) {
        let objects = rendered(1000);
        bencher.bench_local(|| {
            for o in &objects {
                black_box(o.kind.check_typed(&o.value)).expect("reads");
            }
        });
    }

    #[divan::bench(sample_count = 5, sample_size = 1)]
    fn schema_validate(bencher: Bencher) {
        let objects = rendered(1000);
        bencher.bench_local(|| {
            for o in &objects {
                black_box(Catalog::istio().validate(&o.value));
            }
        });
    }

    #[divan::bench(sample_count = 5, sample_size = 1)]
    fn spec_check(bencher: Bencher) {
        let specs = specs(1000);
        bencher.bench_local(|| {
            for s in &specs {
                black_box(s.check(Parts::all_of(s)));
            }
        });
    }
}
