
use builtin;
use str;

set edit:completion:arg-completer[meshctl] = {|@words|
    fn spaces {|n|
        builtin:repeat $n ' ' | str:join ''
    }
    fn cand {|text desc|
        edit:complex-candidate $text &display=$text' '(spaces (- 14 (wcswidth $text)))$desc
    }
    var command = 'meshctl'
    for word $words[1..-1] {
        if (str:has-prefix $word '-') {
            break
        }
        set command = $command';'$word
    }
    var completions = [
        &'meshctl'= {
            cand -n 'Namespace of the resources (default: the context''s namespace, then `default`)'
            cand --namespace 'Namespace of the resources (default: the context''s namespace, then `default`)'
            cand --templates 'Directory whose templates override the built-in ones, file by file'
            cand --kubeconfig 'Path to the kubeconfig file (default: `KUBECONFIG`, then ~/.kube/config)'
            cand --context 'Kubeconfig context of the workload cluster'
            cand --mesh-kubeconfig 'Kubeconfig of the mesh control plane (ASM), where Istio resources live'
            cand --mesh-context 'Context of the mesh control plane (default: the workload context)'
            cand --request-timeout 'How long to wait for one API request, e.g. `30s`'
            cand --color 'When to use colour (`NO_COLOR` turns it off in `auto`)'
            cand -v 'More detail on stderr (resolved queries, requests); repeat for more'
            cand --verbose 'More detail on stderr (resolved queries, requests); repeat for more'
            cand -q 'Only errors and data'
            cand --quiet 'Only errors and data'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand render 'Render Istio resources to stdout or a directory (nothing is applied)'
            cand validate 'Validate files against Istio''s schemas'
            cand templates 'List, show or export the built-in templates'
            cand completion 'Print a shell completion script'
            cand version 'Print the version'
        }
        &'meshctl;render'= {
            cand -n 'Namespace of the resources (default: the context''s namespace, then `default`)'
            cand --namespace 'Namespace of the resources (default: the context''s namespace, then `default`)'
            cand --templates 'Directory whose templates override the built-in ones, file by file'
            cand --kubeconfig 'Path to the kubeconfig file (default: `KUBECONFIG`, then ~/.kube/config)'
            cand --context 'Kubeconfig context of the workload cluster'
            cand --mesh-kubeconfig 'Kubeconfig of the mesh control plane (ASM), where Istio resources live'
            cand --mesh-context 'Context of the mesh control plane (default: the workload context)'
            cand --request-timeout 'How long to wait for one API request, e.g. `30s`'
            cand --color 'When to use colour (`NO_COLOR` turns it off in `auto`)'
            cand -v 'More detail on stderr (resolved queries, requests); repeat for more'
            cand --verbose 'More detail on stderr (resolved queries, requests); repeat for more'
            cand -q 'Only errors and data'
            cand --quiet 'Only errors and data'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'meshctl;validate'= {
            cand -n 'Namespace of the resources (default: the context''s namespace, then `default`)'
            cand --namespace 'Namespace of the resources (default: the context''s namespace, then `default`)'
            cand --templates 'Directory whose templates override the built-in ones, file by file'
            cand --kubeconfig 'Path to the kubeconfig file (default: `KUBECONFIG`, then ~/.kube/config)'
            cand --context 'Kubeconfig context of the workload cluster'
            cand --mesh-kubeconfig 'Kubeconfig of the mesh control plane (ASM), where Istio resources live'
            cand --mesh-context 'Context of the mesh control plane (default: the workload context)'
            cand --request-timeout 'How long to wait for one API request, e.g. `30s`'
            cand --color 'When to use colour (`NO_COLOR` turns it off in `auto`)'
            cand -v 'More detail on stderr (resolved queries, requests); repeat for more'
            cand --verbose 'More detail on stderr (resolved queries, requests); repeat for more'
            cand -q 'Only errors and data'
            cand --quiet 'Only errors and data'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'meshctl;templates'= {
            cand -n 'Namespace of the resources (default: the context''s namespace, then `default`)'
            cand --namespace 'Namespace of the resources (default: the context''s namespace, then `default`)'
            cand --templates 'Directory whose templates override the built-in ones, file by file'
            cand --kubeconfig 'Path to the kubeconfig file (default: `KUBECONFIG`, then ~/.kube/config)'
            cand --context 'Kubeconfig context of the workload cluster'
            cand --mesh-kubeconfig 'Kubeconfig of the mesh control plane (ASM), where Istio resources live'
            cand --mesh-context 'Context of the mesh control plane (default: the workload context)'
            cand --request-timeout 'How long to wait for one API request, e.g. `30s`'
            cand --color 'When to use colour (`NO_COLOR` turns it off in `auto`)'
            cand -v 'More detail on stderr (resolved queries, requests); repeat for more'
            cand --verbose 'More detail on stderr (resolved queries, requests); repeat for more'
            cand -q 'Only errors and data'
            cand --quiet 'Only errors and data'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'meshctl;completion'= {
            cand -n 'Namespace of the resources (default: the context''s namespace, then `default`)'
            cand --namespace 'Namespace of the resources (default: the context''s namespace, then `default`)'
            cand --templates 'Directory whose templates override the built-in ones, file by file'
            cand --kubeconfig 'Path to the kubeconfig file (default: `KUBECONFIG`, then ~/.kube/config)'
            cand --context 'Kubeconfig context of the workload cluster'
            cand --mesh-kubeconfig 'Kubeconfig of the mesh control plane (ASM), where Istio resources live'
            cand --mesh-context 'Context of the mesh control plane (default: the workload context)'
            cand --request-timeout 'How long to wait for one API request, e.g. `30s`'
            cand --color 'When to use colour (`NO_COLOR` turns it off in `auto`)'
            cand -v 'More detail on stderr (resolved queries, requests); repeat for more'
            cand --verbose 'More detail on stderr (resolved queries, requests); repeat for more'
            cand -q 'Only errors and data'
            cand --quiet 'Only errors and data'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'meshctl;version'= {
            cand -o 'Output format: json or yaml (default: plain text)'
            cand --output 'Output format: json or yaml (default: plain text)'
            cand -n 'Namespace of the resources (default: the context''s namespace, then `default`)'
            cand --namespace 'Namespace of the resources (default: the context''s namespace, then `default`)'
            cand --templates 'Directory whose templates override the built-in ones, file by file'
            cand --kubeconfig 'Path to the kubeconfig file (default: `KUBECONFIG`, then ~/.kube/config)'
            cand --context 'Kubeconfig context of the workload cluster'
            cand --mesh-kubeconfig 'Kubeconfig of the mesh control plane (ASM), where Istio resources live'
            cand --mesh-context 'Context of the mesh control plane (default: the workload context)'
            cand --request-timeout 'How long to wait for one API request, e.g. `30s`'
            cand --color 'When to use colour (`NO_COLOR` turns it off in `auto`)'
            cand -v 'More detail on stderr (resolved queries, requests); repeat for more'
            cand --verbose 'More detail on stderr (resolved queries, requests); repeat for more'
            cand -q 'Only errors and data'
            cand --quiet 'Only errors and data'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
    ]
    $completions[$command]
}
