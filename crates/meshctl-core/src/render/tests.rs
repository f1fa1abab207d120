use super::*;
use crate::spec::ServiceSpec;
use serde_json::json;

fn renderer() -> Renderer {
    Renderer::new(&TemplateSet::builtin()).unwrap()
}

fn render_spec(text: &str) -> Vec<Rendered> {
    let spec = ServiceSpec::from_yaml(text).unwrap();
    let parts = Parts::all_of(&spec);
    assert_eq!(spec.check(parts), vec![]);
    renderer()
        .render(&spec, parts, &Options::default())
        .unwrap()
}

#[test]
fn the_full_example_renders_one_object_per_kind_in_order() {
    let out = render_spec(include_str!("../../../../examples/specs/reviews.yaml"));
    let kinds: Vec<_> = out.iter().map(|r| (r.kind, r.name.as_str())).collect();
    assert_eq!(
        kinds,
        [
            (Kind::Gateway, "reviews-gateway"),
            (Kind::VirtualService, "reviews"),
            (Kind::DestinationRule, "reviews"),
            (Kind::ServiceEntry, "ratings-api"),
        ]
    );
    assert_eq!(out[1].file_name("yaml"), "virtualservice-reviews.yaml");
}

#[test]
fn no_routes_means_one_default_route_to_the_whole_service() {
    let out = render_spec("name: reviews\n");
    assert_eq!(out.len(), 1, "no DestinationRule without subsets or policy");
    assert_eq!(
        out[0].value["spec"],
        json!({"hosts": ["reviews"], "http": [{"name": "default", "route": [{"destination": {"host": "reviews"}}]}]})
    );
    let out = render_spec("name: reviews\ntls: {mode: ISTIO_MUTUAL}\n");
    assert_eq!(
        out[1].value["spec"],
        json!({"host": "reviews", "trafficPolicy": {"tls": {"mode": "ISTIO_MUTUAL"}}})
    );
}

#[test]
fn api_version_and_namespace_come_from_the_options() {
    let spec = ServiceSpec::from_yaml("name: reviews\n").unwrap();
    let opts = Options {
        namespace: "shop".into(),
        api_version: ApiVersion::V1alpha3,
    };
    let parts = Parts {
        virtual_service: true,
        ..Parts::default()
    };
    let out = renderer().render(&spec, parts, &opts).unwrap();
    assert_eq!(out.len(), 1);
    assert_eq!(out[0].value["apiVersion"], "networking.istio.io/v1alpha3");
    assert_eq!(out[0].value["metadata"]["namespace"], "shop");
}

/// Values that would change the YAML's structure if pasted in as text. The spec
/// checks refuse most of them; here they go straight into the templates to show the
/// escaping holds on its own.
const HOSTILE: [&str; 7] = [
    "a.com\nspec: {}",
    "x: y",
    "- item",
    "\"quoted\" 'single'",
    "{a: b}",
    "#comment",
    "line\r\nkind: Secret\n---\nkind: Secret",
];

#[test]
fn every_value_is_one_scalar_whatever_it_contains() {
    let r = renderer();
    for evil in HOSTILE {
        let mut spec = ServiceSpec::from_yaml("name: reviews\nsubsets: {v1: {version: v1}}\nroutes:\n- match: {headers: {x-user: bob}}\n  weights: {v1: 100}\n").unwrap();
        spec.name = evil.to_string();
        spec.hosts = vec![evil.to_string()];
        spec.labels.insert("team", evil.to_string());
        spec.routes[0].matches.as_mut().unwrap().headers.0[0]
            .1
            .value = evil.to_string();
        let ctx = context::virtual_service(&spec, &Options::default());
        // The text, parsed: the schema check after it would refuse these names.
        let text = r.render_text("virtualservice.yaml.j2", &ctx).unwrap();
        let docs = yaml::parse_documents(&text).unwrap();
        assert_eq!(docs.len(), 1, "one document for {evil:?}");
        let v = &docs[0].value;
        assert_eq!(v["kind"], "VirtualService");
        assert_eq!(v["metadata"]["name"], evil);
        assert_eq!(v["metadata"]["labels"]["team"], evil);
        assert_eq!(v["spec"]["hosts"], json!([evil]));
        assert_eq!(
            v["spec"]["http"][0]["match"][0]["headers"]["x-user"]["exact"],
            evil
        );
        let keys: Vec<&String> = v["spec"].as_object().unwrap().keys().collect();
        assert_eq!(keys, ["hosts", "http"], "no keys added for {evil:?}");
    }
}

#[test]
fn hostile_keys_stay_keys_too() {
    let r = renderer();
    let mut spec = ServiceSpec::from_yaml("name: reviews\n").unwrap();
    spec.labels.insert("a: b\nkind", "x".to_string());
    let ctx = context::destination_rule(&spec, &Options::default());
    let text = r.render_text("destinationrule.yaml.j2", &ctx).unwrap();
    let v = &yaml::parse_documents(&text).unwrap()[0].value;
    assert_eq!(v["kind"], "DestinationRule");
    assert_eq!(v["metadata"]["labels"]["a: b\nkind"], "x");
    // And the schema check refuses the key, naming the field.
    let err = r.render_one(Kind::DestinationRule, &ctx).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Invalid);
    assert_eq!(
        err.message(),
        "rendered DestinationRule `default/reviews` from template `destinationrule.yaml.j2` is not valid for Istio"
    );
    assert!(
        err.details()[0].starts_with("metadata.labels"),
        "{:?}",
        err.details()
    );
}

fn with_override(name: &str, source: &str) -> Renderer {
    let mut set = TemplateSet::builtin();
    set.set_override(name, source.to_string(), "my/templates/x".into())
        .unwrap();
    Renderer::new(&set).unwrap()
}

#[test]
fn an_override_replaces_its_template_only() {
    let r = with_override(
        "destinationrule.yaml.j2",
        "apiVersion: {{ api_version }}\nkind: DestinationRule\nmetadata:\n  name: {{ name }}\n  annotations:\n    owner: {{ 'team-a' }}\nspec:\n  host: {{ host }}\n",
    );
    let spec = ServiceSpec::from_yaml("name: reviews\n").unwrap();
    let parts = Parts {
        virtual_service: true,
        destination_rule: true,
        ..Parts::default()
    };
    let out = r.render(&spec, parts, &Options::default()).unwrap();
    assert_eq!(out[0].value["spec"]["http"][0]["name"], "default");
    assert_eq!(out[1].value["metadata"]["annotations"]["owner"], "team-a");
}

#[test]
fn broken_overrides_are_errors_naming_the_template() {
    let mut set = TemplateSet::builtin();
    set.set_override(
        "gateway.yaml.j2",
        "a: {% if %}".into(),
        "t/gateway.yaml.j2".into(),
    )
    .unwrap();
    let err = Renderer::new(&set).err().unwrap();
    assert!(
        err.message().contains("`gateway.yaml.j2` line 1"),
        "{}",
        err.message()
    );

    let r = with_override("gateway.yaml.j2", "a: {{ no_such_value }}\n");
    let err = r
        .render_one(
            Kind::Gateway,
            &context::gateway(&ServiceSpec::default(), &Options::default()),
        )
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Config);
    assert!(
        err.message().contains("gateway.yaml.j2"),
        "{}",
        err.message()
    );

    let r = with_override("gateway.yaml.j2", "a: [1\n");
    let err = r
        .render_one(
            Kind::Gateway,
            &context::gateway(&ServiceSpec::default(), &Options::default()),
        )
        .unwrap_err();
    assert!(
        err.message()
            .starts_with("template `gateway.yaml.j2` produced invalid YAML"),
        "{}",
        err.message()
    );
    assert!(
        err.hints()[0].contains("comes from `my/templates/x`"),
        "{:?}",
        err.hints()
    );

    let r = with_override(
        "gateway.yaml.j2",
        "apiVersion: x\nkind: Gateway\nmetadata: {name: g}\nspec:\n  servers: [{port: {number: many}}]\n",
    );
    let err = r
        .render_one(
            Kind::Gateway,
            &context::gateway(&ServiceSpec::default(), &Options::default()),
        )
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Invalid);
    assert!(
        err.message().contains("cannot be read back"),
        "{}",
        err.message()
    );
}

#[test]
fn an_unknown_override_name_is_refused() {
    let mut set = TemplateSet::builtin();
    let err = set
        .set_override("sidecar.yaml.j2", String::new(), "x".into())
        .unwrap_err();
    assert_eq!(err.message(), "there is no template `sidecar.yaml.j2`");
}

mod properties {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]

        /// Whatever printable text a value holds, it comes back as exactly that one
        /// string, in the place it was put, and the object keeps its shape.
        #[test]
        fn any_printable_value_round_trips_as_one_scalar(value in "\\PC*", key in "\\PC+") {
            let r = renderer();
            let mut spec = ServiceSpec::from_yaml("name: reviews\nroutes:\n- match: {headers: {x-q: a}}\n").unwrap();
            spec.name = value.clone();
            spec.hosts = vec![value.clone(), "b".into()];
            spec.labels.insert(key.clone(), value.clone());
            spec.routes[0].matches.as_mut().unwrap().headers.0[0].1.value = value.clone();
            let ctx = context::virtual_service(&spec, &Options::default());
            let text = r.render_text("virtualservice.yaml.j2", &ctx).unwrap();
            let docs = yaml::parse_documents(&text).unwrap();
            prop_assert_eq!(docs.len(), 1);
            let v = &docs[0].value;
            prop_assert_eq!(&v["metadata"]["name"], &json!(value));
            prop_assert_eq!(&v["spec"]["hosts"], &json!([value, "b"]));
            prop_assert_eq!(&v["metadata"]["labels"][&key], &json!(value));
            prop_assert_eq!(&v["spec"]["http"][0]["match"][0]["headers"]["x-q"]["exact"], &json!(value));
            let keys: Vec<&String> = v["spec"].as_object().unwrap().keys().collect();
            prop_assert_eq!(keys, vec!["hosts", "http"]);
        }
    }
}
