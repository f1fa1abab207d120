# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_meshctl_global_optspecs
    string join \n n/namespace= templates= kubeconfig= context= mesh-kubeconfig= mesh-context= request-timeout= target= local-dir= v/verbose q/quiet color= h/help V/version
end

function __fish_meshctl_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_meshctl_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_meshctl_using_subcommand
    set -l cmd (__fish_meshctl_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c meshctl -n "__fish_meshctl_needs_command" -s n -l namespace -d 'Namespace of the resources (default: the context\'s namespace, then `default`)' -r
complete -c meshctl -n "__fish_meshctl_needs_command" -l templates -d 'Directory whose templates override the built-in ones, file by file' -r -F
complete -c meshctl -n "__fish_meshctl_needs_command" -l kubeconfig -d 'Path to the kubeconfig file (default: `KUBECONFIG`, then ~/.kube/config)' -r -F
complete -c meshctl -n "__fish_meshctl_needs_command" -l context -d 'Kubeconfig context of the workload cluster' -r
complete -c meshctl -n "__fish_meshctl_needs_command" -l mesh-kubeconfig -d 'Kubeconfig of the mesh control plane (ASM), where Istio resources live' -r -F
complete -c meshctl -n "__fish_meshctl_needs_command" -l mesh-context -d 'Context of the mesh control plane (default: the workload context)' -r
complete -c meshctl -n "__fish_meshctl_needs_command" -l request-timeout -d 'How long to wait for one API request, e.g. `30s`' -r
complete -c meshctl -n "__fish_meshctl_needs_command" -l target -d 'Mesh store: `kubernetes` (default) or `local` (see `meshctl local`)' -r -f -a "kubernetes\t'The Kubernetes cluster of the kubeconfig context'
local\t'The local mesh: files in a state directory, served by a local Envoy'"
complete -c meshctl -n "__fish_meshctl_needs_command" -l local-dir -d 'State directory of the local mesh (default: `$XDG_DATA_HOME/meshctl/local`)' -r -F
complete -c meshctl -n "__fish_meshctl_needs_command" -l color -d 'When to use colour (`NO_COLOR` turns it off in `auto`)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c meshctl -n "__fish_meshctl_needs_command" -s v -l verbose -d 'More detail on stderr (resolved queries, requests); repeat for more'
complete -c meshctl -n "__fish_meshctl_needs_command" -s q -l quiet -d 'Only errors and data'
complete -c meshctl -n "__fish_meshctl_needs_command" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c meshctl -n "__fish_meshctl_needs_command" -s V -l version -d 'Print version'
complete -c meshctl -n "__fish_meshctl_needs_command" -f -a "render" -d 'Render Istio resources to stdout or a directory (nothing is applied)'
complete -c meshctl -n "__fish_meshctl_needs_command" -f -a "validate" -d 'Validate files against Istio\'s schemas'
complete -c meshctl -n "__fish_meshctl_needs_command" -f -a "apply" -d 'Create or update objects from files (server-side apply)'
complete -c meshctl -n "__fish_meshctl_needs_command" -f -a "diff" -d 'Show what `apply` would change (exit 1 when something would)'
complete -c meshctl -n "__fish_meshctl_needs_command" -f -a "delete" -d 'Delete objects named in files, or by kind and name'
complete -c meshctl -n "__fish_meshctl_needs_command" -f -a "gateway" -d 'Create, list and delete ingress gateways with their routes'
complete -c meshctl -n "__fish_meshctl_needs_command" -f -a "templates" -d 'List, show or export the built-in templates'
complete -c meshctl -n "__fish_meshctl_needs_command" -f -a "local" -d 'Run a local mesh on a real Envoy: start, stop, status, endpoints'
complete -c meshctl -n "__fish_meshctl_needs_command" -f -a "metrics" -d 'Each subset\'s traffic: weight, request and success rates, latency quantiles'
complete -c meshctl -n "__fish_meshctl_needs_command" -f -a "demo" -d 'Local stand-ins for workloads, to try meshctl without a cluster'
complete -c meshctl -n "__fish_meshctl_needs_command" -f -a "completion" -d 'Print a shell completion script'
complete -c meshctl -n "__fish_meshctl_needs_command" -f -a "version" -d 'Print the version'
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and not __fish_seen_subcommand_from gateway gw virtualservice vs destinationrule dr serviceentry se service" -s n -l namespace -d 'Namespace of the resources (default: the context\'s namespace, then `default`)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and not __fish_seen_subcommand_from gateway gw virtualservice vs destinationrule dr serviceentry se service" -l templates -d 'Directory whose templates override the built-in ones, file by file' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and not __fish_seen_subcommand_from gateway gw virtualservice vs destinationrule dr serviceentry se service" -l kubeconfig -d 'Path to the kubeconfig file (default: `KUBECONFIG`, then ~/.kube/config)' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and not __fish_seen_subcommand_from gateway gw virtualservice vs destinationrule dr serviceentry se service" -l context -d 'Kubeconfig context of the workload cluster' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and not __fish_seen_subcommand_from gateway gw virtualservice vs destinationrule dr serviceentry se service" -l mesh-kubeconfig -d 'Kubeconfig of the mesh control plane (ASM), where Istio resources live' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and not __fish_seen_subcommand_from gateway gw virtualservice vs destinationrule dr serviceentry se service" -l mesh-context -d 'Context of the mesh control plane (default: the workload context)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and not __fish_seen_subcommand_from gateway gw virtualservice vs destinationrule dr serviceentry se service" -l request-timeout -d 'How long to wait for one API request, e.g. `30s`' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and not __fish_seen_subcommand_from gateway gw virtualservice vs destinationrule dr serviceentry se service" -l target -d 'Mesh store: `kubernetes` (default) or `local` (see `meshctl local`)' -r -f -a "kubernetes\t'The Kubernetes cluster of the kubeconfig context'
local\t'The local mesh: files in a state directory, served by a local Envoy'"
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and not __fish_seen_subcommand_from gateway gw virtualservice vs destinationrule dr serviceentry se service" -l local-dir -d 'State directory of the local mesh (default: `$XDG_DATA_HOME/meshctl/local`)' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and not __fish_seen_subcommand_from gateway gw virtualservice vs destinationrule dr serviceentry se service" -l color -d 'When to use colour (`NO_COLOR` turns it off in `auto`)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and not __fish_seen_subcommand_from gateway gw virtualservice vs destinationrule dr serviceentry se service" -s v -l verbose -d 'More detail on stderr (resolved queries, requests); repeat for more'
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and not __fish_seen_subcommand_from gateway gw virtualservice vs destinationrule dr serviceentry se service" -s q -l quiet -d 'Only errors and data'
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and not __fish_seen_subcommand_from gateway gw virtualservice vs destinationrule dr serviceentry se service" -s h -l help -d 'Print help'
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and not __fish_seen_subcommand_from gateway gw virtualservice vs destinationrule dr serviceentry se service" -s V -l version -d 'Print version'
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and not __fish_seen_subcommand_from gateway gw virtualservice vs destinationrule dr serviceentry se service" -f -a "gateway" -d 'Render a Gateway (ingress at the mesh edge)'
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and not __fish_seen_subcommand_from gateway gw virtualservice vs destinationrule dr serviceentry se service" -f -a "gw" -d 'Render a Gateway (ingress at the mesh edge)'
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and not __fish_seen_subcommand_from gateway gw virtualservice vs destinationrule dr serviceentry se service" -f -a "virtualservice" -d 'Render a VirtualService (routes, weights, timeouts, retries)'
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and not __fish_seen_subcommand_from gateway gw virtualservice vs destinationrule dr serviceentry se service" -f -a "vs" -d 'Render a VirtualService (routes, weights, timeouts, retries)'
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and not __fish_seen_subcommand_from gateway gw virtualservice vs destinationrule dr serviceentry se service" -f -a "destinationrule" -d 'Render a DestinationRule (subsets, load balancing, outlier detection, TLS)'
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and not __fish_seen_subcommand_from gateway gw virtualservice vs destinationrule dr serviceentry se service" -f -a "dr" -d 'Render a DestinationRule (subsets, load balancing, outlier detection, TLS)'
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and not __fish_seen_subcommand_from gateway gw virtualservice vs destinationrule dr serviceentry se service" -f -a "serviceentry" -d 'Render a ServiceEntry for an external service (egress)'
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and not __fish_seen_subcommand_from gateway gw virtualservice vs destinationrule dr serviceentry se service" -f -a "se" -d 'Render a ServiceEntry for an external service (egress)'
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and not __fish_seen_subcommand_from gateway gw virtualservice vs destinationrule dr serviceentry se service" -f -a "service" -d 'Render everything one service needs from its spec file'
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from gateway" -l host -d 'Host the gateway accepts, optionally `NS/HOST` (repeatable)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from gateway" -l port -d 'Port to listen on (default: 443 with TLS, else 80)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from gateway" -l protocol -d 'Protocol of the port (default: `HTTPS` with TLS, `TLS` for `PASSTHROUGH`, else `HTTP`)' -r -f -a "HTTP\t''
HTTPS\t''
HTTP2\t''
GRPC\t''
TLS\t''
TCP\t''"
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from gateway" -l tls-mode -d 'TLS mode of the server' -r -f -a "SIMPLE\t''
MUTUAL\t''
ISTIO_MUTUAL\t''
PASSTHROUGH\t''"
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from gateway" -l credential-name -d 'Secret holding the server certificate (`SIMPLE`, `MUTUAL`)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from gateway" -l selector -d 'Pod label of the gateway deployment, `KEY=VALUE` (repeatable; default `istio=ingressgateway`)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from gateway" -s f -l filename -d 'Service spec file (YAML, see docs/service-spec.md; `-` reads stdin); flags override its values' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from gateway" -s o -l output -d 'Output format: `yaml` or `json`' -r -f -a "table\t''
wide\t''
json\t''
yaml\t''"
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from gateway" -l output-dir -d 'Write one file per object (`<kind>-<name>.yaml`) into DIR instead of stdout' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from gateway" -l api-version -d 'Istio API version of the rendered resources: `v1`, `v1beta1` or `v1alpha3`' -r -f -a "v1\t''
v1beta1\t''
v1alpha3\t''"
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from gateway" -s n -l namespace -d 'Namespace of the resources (default: the context\'s namespace, then `default`)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from gateway" -l templates -d 'Directory whose templates override the built-in ones, file by file' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from gateway" -l kubeconfig -d 'Path to the kubeconfig file (default: `KUBECONFIG`, then ~/.kube/config)' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from gateway" -l context -d 'Kubeconfig context of the workload cluster' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from gateway" -l mesh-kubeconfig -d 'Kubeconfig of the mesh control plane (ASM), where Istio resources live' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from gateway" -l mesh-context -d 'Context of the mesh control plane (default: the workload context)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from gateway" -l request-timeout -d 'How long to wait for one API request, e.g. `30s`' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from gateway" -l target -d 'Mesh store: `kubernetes` (default) or `local` (see `meshctl local`)' -r -f -a "kubernetes\t'The Kubernetes cluster of the kubeconfig context'
local\t'The local mesh: files in a state directory, served by a local Envoy'"
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from gateway" -l local-dir -d 'State directory of the local mesh (default: `$XDG_DATA_HOME/meshctl/local`)' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from gateway" -l color -d 'When to use colour (`NO_COLOR` turns it off in `auto`)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from gateway" -l https-redirect -d 'Also listen on port 80 and redirect HTTP to HTTPS'
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from gateway" -s v -l verbose -d 'More detail on stderr (resolved queries, requests); repeat for more'
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from gateway" -s q -l quiet -d 'Only errors and data'
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from gateway" -s h -l help -d 'Print help'
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from gateway" -s V -l version -d 'Print version'
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from gw" -l host -d 'Host the gateway accepts, optionally `NS/HOST` (repeatable)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from gw" -l port -d 'Port to listen on (default: 443 with TLS, else 80)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from gw" -l protocol -d 'Protocol of the port (default: `HTTPS` with TLS, `TLS` for `PASSTHROUGH`, else `HTTP`)' -r -f -a "HTTP\t''
HTTPS\t''
HTTP2\t''
GRPC\t''
TLS\t''
TCP\t''"
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from gw" -l tls-mode -d 'TLS mode of the server' -r -f -a "SIMPLE\t''
MUTUAL\t''
ISTIO_MUTUAL\t''
PASSTHROUGH\t''"
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from gw" -l credential-name -d 'Secret holding the server certificate (`SIMPLE`, `MUTUAL`)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from gw" -l selector -d 'Pod label of the gateway deployment, `KEY=VALUE` (repeatable; default `istio=ingressgateway`)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from gw" -s f -l filename -d 'Service spec file (YAML, see docs/service-spec.md; `-` reads stdin); flags override its values' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from gw" -s o -l output -d 'Output format: `yaml` or `json`' -r -f -a "table\t''
wide\t''
json\t''
yaml\t''"
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from gw" -l output-dir -d 'Write one file per object (`<kind>-<name>.yaml`) into DIR instead of stdout' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from gw" -l api-version -d 'Istio API version of the rendered resources: `v1`, `v1beta1` or `v1alpha3`' -r -f -a "v1\t''
v1beta1\t''
v1alpha3\t''"
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from gw" -s n -l namespace -d 'Namespace of the resources (default: the context\'s namespace, then `default`)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from gw" -l templates -d 'Directory whose templates override the built-in ones, file by file' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from gw" -l kubeconfig -d 'Path to the kubeconfig file (default: `KUBECONFIG`, then ~/.kube/config)' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from gw" -l context -d 'Kubeconfig context of the workload cluster' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from gw" -l mesh-kubeconfig -d 'Kubeconfig of the mesh control plane (ASM), where Istio resources live' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from gw" -l mesh-context -d 'Context of the mesh control plane (default: the workload context)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from gw" -l request-timeout -d 'How long to wait for one API request, e.g. `30s`' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from gw" -l target -d 'Mesh store: `kubernetes` (default) or `local` (see `meshctl local`)' -r -f -a "kubernetes\t'The Kubernetes cluster of the kubeconfig context'
local\t'The local mesh: files in a state directory, served by a local Envoy'"
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from gw" -l local-dir -d 'State directory of the local mesh (default: `$XDG_DATA_HOME/meshctl/local`)' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from gw" -l color -d 'When to use colour (`NO_COLOR` turns it off in `auto`)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from gw" -l https-redirect -d 'Also listen on port 80 and redirect HTTP to HTTPS'
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from gw" -s v -l verbose -d 'More detail on stderr (resolved queries, requests); repeat for more'
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from gw" -s q -l quiet -d 'Only errors and data'
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from gw" -s h -l help -d 'Print help'
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from gw" -s V -l version -d 'Print version'
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from virtualservice" -l host -d 'Host the routes apply to (repeatable; default: NAME)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from virtualservice" -l destination -d 'Service the routes send traffic to (default: the first host)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from virtualservice" -l port -d 'Service port the routes go to, when the service has several' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from virtualservice" -l gateway -d 'Gateway to bind to: `NS/NAME`, or `mesh` for sidecars (repeatable)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from virtualservice" -l route -d 'Weight of a subset, `SUBSET=WEIGHT` (repeatable; the weights must total 100). Replaces the weights of the spec\'s last route' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from virtualservice" -l match-header -d 'Only requests with this header, `NAME=VALUE` (exact match; repeatable). Applies to the same route as `--route`' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from virtualservice" -l timeout -d 'Request timeout, e.g. `2s`' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from virtualservice" -l retries -d 'Retry attempts' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from virtualservice" -l retry-on -d 'Retry conditions, e.g. `5xx,reset,connect-failure`' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from virtualservice" -l per-try-timeout -d 'Timeout of each retry attempt, e.g. `500ms`' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from virtualservice" -s f -l filename -d 'Service spec file (YAML, see docs/service-spec.md; `-` reads stdin); flags override its values' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from virtualservice" -s o -l output -d 'Output format: `yaml` or `json`' -r -f -a "table\t''
wide\t''
json\t''
yaml\t''"
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from virtualservice" -l output-dir -d 'Write one file per object (`<kind>-<name>.yaml`) into DIR instead of stdout' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from virtualservice" -l api-version -d 'Istio API version of the rendered resources: `v1`, `v1beta1` or `v1alpha3`' -r -f -a "v1\t''
v1beta1\t''
v1alpha3\t''"
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from virtualservice" -s n -l namespace -d 'Namespace of the resources (default: the context\'s namespace, then `default`)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from virtualservice" -l templates -d 'Directory whose templates override the built-in ones, file by file' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from virtualservice" -l kubeconfig -d 'Path to the kubeconfig file (default: `KUBECONFIG`, then ~/.kube/config)' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from virtualservice" -l context -d 'Kubeconfig context of the workload cluster' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from virtualservice" -l mesh-kubeconfig -d 'Kubeconfig of the mesh control plane (ASM), where Istio resources live' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from virtualservice" -l mesh-context -d 'Context of the mesh control plane (default: the workload context)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from virtualservice" -l request-timeout -d 'How long to wait for one API request, e.g. `30s`' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from virtualservice" -l target -d 'Mesh store: `kubernetes` (default) or `local` (see `meshctl local`)' -r -f -a "kubernetes\t'The Kubernetes cluster of the kubeconfig context'
local\t'The local mesh: files in a state directory, served by a local Envoy'"
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from virtualservice" -l local-dir -d 'State directory of the local mesh (default: `$XDG_DATA_HOME/meshctl/local`)' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from virtualservice" -l color -d 'When to use colour (`NO_COLOR` turns it off in `auto`)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from virtualservice" -s v -l verbose -d 'More detail on stderr (resolved queries, requests); repeat for more'
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from virtualservice" -s q -l quiet -d 'Only errors and data'
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from virtualservice" -s h -l help -d 'Print help'
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from virtualservice" -s V -l version -d 'Print version'
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from vs" -l host -d 'Host the routes apply to (repeatable; default: NAME)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from vs" -l destination -d 'Service the routes send traffic to (default: the first host)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from vs" -l port -d 'Service port the routes go to, when the service has several' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from vs" -l gateway -d 'Gateway to bind to: `NS/NAME`, or `mesh` for sidecars (repeatable)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from vs" -l route -d 'Weight of a subset, `SUBSET=WEIGHT` (repeatable; the weights must total 100). Replaces the weights of the spec\'s last route' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from vs" -l match-header -d 'Only requests with this header, `NAME=VALUE` (exact match; repeatable). Applies to the same route as `--route`' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from vs" -l timeout -d 'Request timeout, e.g. `2s`' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from vs" -l retries -d 'Retry attempts' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from vs" -l retry-on -d 'Retry conditions, e.g. `5xx,reset,connect-failure`' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from vs" -l per-try-timeout -d 'Timeout of each retry attempt, e.g. `500ms`' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from vs" -s f -l filename -d 'Service spec file (YAML, see docs/service-spec.md; `-` reads stdin); flags override its values' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from vs" -s o -l output -d 'Output format: `yaml` or `json`' -r -f -a "table\t''
wide\t''
json\t''
yaml\t''"
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from vs" -l output-dir -d 'Write one file per object (`<kind>-<name>.yaml`) into DIR instead of stdout' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from vs" -l api-version -d 'Istio API version of the rendered resources: `v1`, `v1beta1` or `v1alpha3`' -r -f -a "v1\t''
v1beta1\t''
v1alpha3\t''"
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from vs" -s n -l namespace -d 'Namespace of the resources (default: the context\'s namespace, then `default`)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from vs" -l templates -d 'Directory whose templates override the built-in ones, file by file' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from vs" -l kubeconfig -d 'Path to the kubeconfig file (default: `KUBECONFIG`, then ~/.kube/config)' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from vs" -l context -d 'Kubeconfig context of the workload cluster' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from vs" -l mesh-kubeconfig -d 'Kubeconfig of the mesh control plane (ASM), where Istio resources live' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from vs" -l mesh-context -d 'Context of the mesh control plane (default: the workload context)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from vs" -l request-timeout -d 'How long to wait for one API request, e.g. `30s`' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from vs" -l target -d 'Mesh store: `kubernetes` (default) or `local` (see `meshctl local`)' -r -f -a "kubernetes\t'The Kubernetes cluster of the kubeconfig context'
local\t'The local mesh: files in a state directory, served by a local Envoy'"
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from vs" -l local-dir -d 'State directory of the local mesh (default: `$XDG_DATA_HOME/meshctl/local`)' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from vs" -l color -d 'When to use colour (`NO_COLOR` turns it off in `auto`)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from vs" -s v -l verbose -d 'More detail on stderr (resolved queries, requests); repeat for more'
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from vs" -s q -l quiet -d 'Only errors and data'
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from vs" -s h -l help -d 'Print help'
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from vs" -s V -l version -d 'Print version'
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from destinationrule" -l host -d 'The service the rule applies to (default: NAME)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from destinationrule" -l subset -d 'A subset and its pod labels, `SUBSET=KEY=VALUE[,KEY=VALUE]` (repeatable; replaces the spec\'s subsets)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from destinationrule" -l lb -d 'Load balancing algorithm' -r -f -a "ROUND_ROBIN\t''
LEAST_REQUEST\t''
RANDOM\t''
PASSTHROUGH\t''"
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from destinationrule" -l consistent-hash-cookie -d 'Sticky sessions: hash on this cookie (the proxy sets it when absent)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from destinationrule" -l outlier-consecutive-5xx -d 'Eject a host after this many consecutive 5xx responses' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from destinationrule" -l outlier-interval -d 'How often hosts are checked for ejection, e.g. `10s`' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from destinationrule" -l outlier-ejection-time -d 'How long an ejected host stays out (at least), e.g. `30s`' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from destinationrule" -l max-connections -d 'Most TCP connections to one host' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from destinationrule" -l tls-mode -d 'TLS towards the service' -r -f -a "DISABLE\t''
SIMPLE\t''
MUTUAL\t''
ISTIO_MUTUAL\t''"
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from destinationrule" -s f -l filename -d 'Service spec file (YAML, see docs/service-spec.md; `-` reads stdin); flags override its values' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from destinationrule" -s o -l output -d 'Output format: `yaml` or `json`' -r -f -a "table\t''
wide\t''
json\t''
yaml\t''"
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from destinationrule" -l output-dir -d 'Write one file per object (`<kind>-<name>.yaml`) into DIR instead of stdout' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from destinationrule" -l api-version -d 'Istio API version of the rendered resources: `v1`, `v1beta1` or `v1alpha3`' -r -f -a "v1\t''
v1beta1\t''
v1alpha3\t''"
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from destinationrule" -s n -l namespace -d 'Namespace of the resources (default: the context\'s namespace, then `default`)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from destinationrule" -l templates -d 'Directory whose templates override the built-in ones, file by file' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from destinationrule" -l kubeconfig -d 'Path to the kubeconfig file (default: `KUBECONFIG`, then ~/.kube/config)' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from destinationrule" -l context -d 'Kubeconfig context of the workload cluster' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from destinationrule" -l mesh-kubeconfig -d 'Kubeconfig of the mesh control plane (ASM), where Istio resources live' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from destinationrule" -l mesh-context -d 'Context of the mesh control plane (default: the workload context)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from destinationrule" -l request-timeout -d 'How long to wait for one API request, e.g. `30s`' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from destinationrule" -l target -d 'Mesh store: `kubernetes` (default) or `local` (see `meshctl local`)' -r -f -a "kubernetes\t'The Kubernetes cluster of the kubeconfig context'
local\t'The local mesh: files in a state directory, served by a local Envoy'"
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from destinationrule" -l local-dir -d 'State directory of the local mesh (default: `$XDG_DATA_HOME/meshctl/local`)' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from destinationrule" -l color -d 'When to use colour (`NO_COLOR` turns it off in `auto`)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from destinationrule" -s v -l verbose -d 'More detail on stderr (resolved queries, requests); repeat for more'
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from destinationrule" -s q -l quiet -d 'Only errors and data'
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from destinationrule" -s h -l help -d 'Print help'
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from destinationrule" -s V -l version -d 'Print version'
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from dr" -l host -d 'The service the rule applies to (default: NAME)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from dr" -l subset -d 'A subset and its pod labels, `SUBSET=KEY=VALUE[,KEY=VALUE]` (repeatable; replaces the spec\'s subsets)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from dr" -l lb -d 'Load balancing algorithm' -r -f -a "ROUND_ROBIN\t''
LEAST_REQUEST\t''
RANDOM\t''
PASSTHROUGH\t''"
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from dr" -l consistent-hash-cookie -d 'Sticky sessions: hash on this cookie (the proxy sets it when absent)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from dr" -l outlier-consecutive-5xx -d 'Eject a host after this many consecutive 5xx responses' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from dr" -l outlier-interval -d 'How often hosts are checked for ejection, e.g. `10s`' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from dr" -l outlier-ejection-time -d 'How long an ejected host stays out (at least), e.g. `30s`' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from dr" -l max-connections -d 'Most TCP connections to one host' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from dr" -l tls-mode -d 'TLS towards the service' -r -f -a "DISABLE\t''
SIMPLE\t''
MUTUAL\t''
ISTIO_MUTUAL\t''"
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from dr" -s f -l filename -d 'Service spec file (YAML, see docs/service-spec.md; `-` reads stdin); flags override its values' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from dr" -s o -l output -d 'Output format: `yaml` or `json`' -r -f -a "table\t''
wide\t''
json\t''
yaml\t''"
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from dr" -l output-dir -d 'Write one file per object (`<kind>-<name>.yaml`) into DIR instead of stdout' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from dr" -l api-version -d 'Istio API version of the rendered resources: `v1`, `v1beta1` or `v1alpha3`' -r -f -a "v1\t''
v1beta1\t''
v1alpha3\t''"
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from dr" -s n -l namespace -d 'Namespace of the resources (default: the context\'s namespace, then `default`)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from dr" -l templates -d 'Directory whose templates override the built-in ones, file by file' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from dr" -l kubeconfig -d 'Path to the kubeconfig file (default: `KUBECONFIG`, then ~/.kube/config)' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from dr" -l context -d 'Kubeconfig context of the workload cluster' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from dr" -l mesh-kubeconfig -d 'Kubeconfig of the mesh control plane (ASM), where Istio resources live' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from dr" -l mesh-context -d 'Context of the mesh control plane (default: the workload context)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from dr" -l request-timeout -d 'How long to wait for one API request, e.g. `30s`' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from dr" -l target -d 'Mesh store: `kubernetes` (default) or `local` (see `meshctl local`)' -r -f -a "kubernetes\t'The Kubernetes cluster of the kubeconfig context'
local\t'The local mesh: files in a state directory, served by a local Envoy'"
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from dr" -l local-dir -d 'State directory of the local mesh (default: `$XDG_DATA_HOME/meshctl/local`)' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from dr" -l color -d 'When to use colour (`NO_COLOR` turns it off in `auto`)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from dr" -s v -l verbose -d 'More detail on stderr (resolved queries, requests); repeat for more'
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from dr" -s q -l quiet -d 'Only errors and data'
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from dr" -s h -l help -d 'Print help'
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from dr" -s V -l version -d 'Print version'
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from serviceentry" -l host -d 'External host (repeatable)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from serviceentry" -l port -d 'Port of the external service (repeatable)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from serviceentry" -l protocol -d 'Protocol of the `--port`s (default: by number: 443 `TLS`, 80 `HTTP`, else `TCP`)' -r -f -a "HTTP\t''
HTTPS\t''
HTTP2\t''
GRPC\t''
TLS\t''
TCP\t''"
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from serviceentry" -l resolution -d 'How endpoints are found (default `DNS`)' -r -f -a "NONE\t''
STATIC\t''
DNS\t''
DNS_ROUND_ROBIN\t''"
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from serviceentry" -l location -d 'Whether the service is outside the mesh (default `MESH_EXTERNAL`)' -r -f -a "MESH_EXTERNAL\t''
MESH_INTERNAL\t''"
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from serviceentry" -s f -l filename -d 'Service spec file (YAML, see docs/service-spec.md; `-` reads stdin); flags override its values' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from serviceentry" -s o -l output -d 'Output format: `yaml` or `json`' -r -f -a "table\t''
wide\t''
json\t''
yaml\t''"
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from serviceentry" -l output-dir -d 'Write one file per object (`<kind>-<name>.yaml`) into DIR instead of stdout' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from serviceentry" -l api-version -d 'Istio API version of the rendered resources: `v1`, `v1beta1` or `v1alpha3`' -r -f -a "v1\t''
v1beta1\t''
v1alpha3\t''"
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from serviceentry" -s n -l namespace -d 'Namespace of the resources (default: the context\'s namespace, then `default`)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from serviceentry" -l templates -d 'Directory whose templates override the built-in ones, file by file' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from serviceentry" -l kubeconfig -d 'Path to the kubeconfig file (default: `KUBECONFIG`, then ~/.kube/config)' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from serviceentry" -l context -d 'Kubeconfig context of the workload cluster' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from serviceentry" -l mesh-kubeconfig -d 'Kubeconfig of the mesh control plane (ASM), where Istio resources live' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from serviceentry" -l mesh-context -d 'Context of the mesh control plane (default: the workload context)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from serviceentry" -l request-timeout -d 'How long to wait for one API request, e.g. `30s`' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from serviceentry" -l target -d 'Mesh store: `kubernetes` (default) or `local` (see `meshctl local`)' -r -f -a "kubernetes\t'The Kubernetes cluster of the kubeconfig context'
local\t'The local mesh: files in a state directory, served by a local Envoy'"
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from serviceentry" -l local-dir -d 'State directory of the local mesh (default: `$XDG_DATA_HOME/meshctl/local`)' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from serviceentry" -l color -d 'When to use colour (`NO_COLOR` turns it off in `auto`)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from serviceentry" -s v -l verbose -d 'More detail on stderr (resolved queries, requests); repeat for more'
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from serviceentry" -s q -l quiet -d 'Only errors and data'
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from serviceentry" -s h -l help -d 'Print help'
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from serviceentry" -s V -l version -d 'Print version'
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from se" -l host -d 'External host (repeatable)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from se" -l port -d 'Port of the external service (repeatable)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from se" -l protocol -d 'Protocol of the `--port`s (default: by number: 443 `TLS`, 80 `HTTP`, else `TCP`)' -r -f -a "HTTP\t''
HTTPS\t''
HTTP2\t''
GRPC\t''
TLS\t''
TCP\t''"
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from se" -l resolution -d 'How endpoints are found (default `DNS`)' -r -f -a "NONE\t''
STATIC\t''
DNS\t''
DNS_ROUND_ROBIN\t''"
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from se" -l location -d 'Whether the service is outside the mesh (default `MESH_EXTERNAL`)' -r -f -a "MESH_EXTERNAL\t''
MESH_INTERNAL\t''"
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from se" -s f -l filename -d 'Service spec file (YAML, see docs/service-spec.md; `-` reads stdin); flags override its values' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from se" -s o -l output -d 'Output format: `yaml` or `json`' -r -f -a "table\t''
wide\t''
json\t''
yaml\t''"
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from se" -l output-dir -d 'Write one file per object (`<kind>-<name>.yaml`) into DIR instead of stdout' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from se" -l api-version -d 'Istio API version of the rendered resources: `v1`, `v1beta1` or `v1alpha3`' -r -f -a "v1\t''
v1beta1\t''
v1alpha3\t''"
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from se" -s n -l namespace -d 'Namespace of the resources (default: the context\'s namespace, then `default`)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from se" -l templates -d 'Directory whose templates override the built-in ones, file by file' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from se" -l kubeconfig -d 'Path to the kubeconfig file (default: `KUBECONFIG`, then ~/.kube/config)' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from se" -l context -d 'Kubeconfig context of the workload cluster' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from se" -l mesh-kubeconfig -d 'Kubeconfig of the mesh control plane (ASM), where Istio resources live' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from se" -l mesh-context -d 'Context of the mesh control plane (default: the workload context)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from se" -l request-timeout -d 'How long to wait for one API request, e.g. `30s`' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from se" -l target -d 'Mesh store: `kubernetes` (default) or `local` (see `meshctl local`)' -r -f -a "kubernetes\t'The Kubernetes cluster of the kubeconfig context'
local\t'The local mesh: files in a state directory, served by a local Envoy'"
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from se" -l local-dir -d 'State directory of the local mesh (default: `$XDG_DATA_HOME/meshctl/local`)' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from se" -l color -d 'When to use colour (`NO_COLOR` turns it off in `auto`)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from se" -s v -l verbose -d 'More detail on stderr (resolved queries, requests); repeat for more'
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from se" -s q -l quiet -d 'Only errors and data'
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from se" -s h -l help -d 'Print help'
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from se" -s V -l version -d 'Print version'
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from service" -l host -d 'Host the routes apply to (repeatable; default: NAME)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from service" -l destination -d 'Service the routes send traffic to (default: the first host)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from service" -l port -d 'Service port the routes go to, when the service has several' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from service" -l gateway -d 'Gateway to bind to: `NS/NAME`, or `mesh` for sidecars (repeatable)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from service" -l route -d 'Weight of a subset, `SUBSET=WEIGHT` (repeatable; the weights must total 100). Replaces the weights of the spec\'s last route' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from service" -l match-header -d 'Only requests with this header, `NAME=VALUE` (exact match; repeatable). Applies to the same route as `--route`' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from service" -l timeout -d 'Request timeout, e.g. `2s`' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from service" -l retries -d 'Retry attempts' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from service" -l retry-on -d 'Retry conditions, e.g. `5xx,reset,connect-failure`' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from service" -l per-try-timeout -d 'Timeout of each retry attempt, e.g. `500ms`' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from service" -l subset -d 'A subset and its pod labels, `SUBSET=KEY=VALUE[,KEY=VALUE]` (repeatable; replaces the spec\'s subsets)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from service" -l lb -d 'Load balancing algorithm' -r -f -a "ROUND_ROBIN\t''
LEAST_REQUEST\t''
RANDOM\t''
PASSTHROUGH\t''"
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from service" -l consistent-hash-cookie -d 'Sticky sessions: hash on this cookie (the proxy sets it when absent)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from service" -l outlier-consecutive-5xx -d 'Eject a host after this many consecutive 5xx responses' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from service" -l outlier-interval -d 'How often hosts are checked for ejection, e.g. `10s`' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from service" -l outlier-ejection-time -d 'How long an ejected host stays out (at least), e.g. `30s`' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from service" -l max-connections -d 'Most TCP connections to one host' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from service" -l tls-mode -d 'TLS towards the service' -r -f -a "DISABLE\t''
SIMPLE\t''
MUTUAL\t''
ISTIO_MUTUAL\t''"
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from service" -s f -l filename -d 'Service spec file (YAML, see docs/service-spec.md; `-` reads stdin); flags override its values' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from service" -s o -l output -d 'Output format: `yaml` or `json`' -r -f -a "table\t''
wide\t''
json\t''
yaml\t''"
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from service" -l output-dir -d 'Write one file per object (`<kind>-<name>.yaml`) into DIR instead of stdout' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from service" -l api-version -d 'Istio API version of the rendered resources: `v1`, `v1beta1` or `v1alpha3`' -r -f -a "v1\t''
v1beta1\t''
v1alpha3\t''"
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from service" -s n -l namespace -d 'Namespace of the resources (default: the context\'s namespace, then `default`)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from service" -l templates -d 'Directory whose templates override the built-in ones, file by file' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from service" -l kubeconfig -d 'Path to the kubeconfig file (default: `KUBECONFIG`, then ~/.kube/config)' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from service" -l context -d 'Kubeconfig context of the workload cluster' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from service" -l mesh-kubeconfig -d 'Kubeconfig of the mesh control plane (ASM), where Istio resources live' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from service" -l mesh-context -d 'Context of the mesh control plane (default: the workload context)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from service" -l request-timeout -d 'How long to wait for one API request, e.g. `30s`' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from service" -l target -d 'Mesh store: `kubernetes` (default) or `local` (see `meshctl local`)' -r -f -a "kubernetes\t'The Kubernetes cluster of the kubeconfig context'
local\t'The local mesh: files in a state directory, served by a local Envoy'"
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from service" -l local-dir -d 'State directory of the local mesh (default: `$XDG_DATA_HOME/meshctl/local`)' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from service" -l color -d 'When to use colour (`NO_COLOR` turns it off in `auto`)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from service" -s v -l verbose -d 'More detail on stderr (resolved queries, requests); repeat for more'
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from service" -s q -l quiet -d 'Only errors and data'
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from service" -s h -l help -d 'Print help'
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from service" -s V -l version -d 'Print version'
complete -c meshctl -n "__fish_meshctl_using_subcommand validate" -s f -l filename -d 'File or directory to check (directories recursively), or `-` for stdin; repeatable' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand validate" -s o -l output -d 'Output format of the findings' -r -f -a "text\t'One finding per line: `FILE:LINE: KIND NAMESPACE/NAME: PATH: MESSAGE`'
json\t'A JSON list of findings: file, line, index, kind, namespace, name, path, message'
yaml\t'The same list as YAML'"
complete -c meshctl -n "__fish_meshctl_using_subcommand validate" -s n -l namespace -d 'Namespace of the resources (default: the context\'s namespace, then `default`)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand validate" -l templates -d 'Directory whose templates override the built-in ones, file by file' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand validate" -l kubeconfig -d 'Path to the kubeconfig file (default: `KUBECONFIG`, then ~/.kube/config)' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand validate" -l context -d 'Kubeconfig context of the workload cluster' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand validate" -l mesh-kubeconfig -d 'Kubeconfig of the mesh control plane (ASM), where Istio resources live' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand validate" -l mesh-context -d 'Context of the mesh control plane (default: the workload context)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand validate" -l request-timeout -d 'How long to wait for one API request, e.g. `30s`' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand validate" -l target -d 'Mesh store: `kubernetes` (default) or `local` (see `meshctl local`)' -r -f -a "kubernetes\t'The Kubernetes cluster of the kubeconfig context'
local\t'The local mesh: files in a state directory, served by a local Envoy'"
complete -c meshctl -n "__fish_meshctl_using_subcommand validate" -l local-dir -d 'State directory of the local mesh (default: `$XDG_DATA_HOME/meshctl/local`)' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand validate" -l color -d 'When to use colour (`NO_COLOR` turns it off in `auto`)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c meshctl -n "__fish_meshctl_using_subcommand validate" -s v -l verbose -d 'More detail on stderr (resolved queries, requests); repeat for more'
complete -c meshctl -n "__fish_meshctl_using_subcommand validate" -s q -l quiet -d 'Only errors and data'
complete -c meshctl -n "__fish_meshctl_using_subcommand validate" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c meshctl -n "__fish_meshctl_using_subcommand validate" -s V -l version -d 'Print version'
complete -c meshctl -n "__fish_meshctl_using_subcommand apply" -s f -l filename -d 'File, directory or `-` (stdin) with the objects; repeatable' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand apply" -l dry-run -d '`client`: write nothing; `server`: the server checks and computes without saving' -r -f -a "none\t''
client\t''
server\t''"
complete -c meshctl -n "__fish_meshctl_using_subcommand apply" -s o -l output -d 'Print the resulting objects as `json` or `yaml` instead of one line each' -r -f -a "table\t''
wide\t''
json\t''
yaml\t''"
complete -c meshctl -n "__fish_meshctl_using_subcommand apply" -s n -l namespace -d 'Namespace of the resources (default: the context\'s namespace, then `default`)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand apply" -l templates -d 'Directory whose templates override the built-in ones, file by file' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand apply" -l kubeconfig -d 'Path to the kubeconfig file (default: `KUBECONFIG`, then ~/.kube/config)' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand apply" -l context -d 'Kubeconfig context of the workload cluster' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand apply" -l mesh-kubeconfig -d 'Kubeconfig of the mesh control plane (ASM), where Istio resources live' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand apply" -l mesh-context -d 'Context of the mesh control plane (default: the workload context)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand apply" -l request-timeout -d 'How long to wait for one API request, e.g. `30s`' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand apply" -l target -d 'Mesh store: `kubernetes` (default) or `local` (see `meshctl local`)' -r -f -a "kubernetes\t'The Kubernetes cluster of the kubeconfig context'
local\t'The local mesh: files in a state directory, served by a local Envoy'"
complete -c meshctl -n "__fish_meshctl_using_subcommand apply" -l local-dir -d 'State directory of the local mesh (default: `$XDG_DATA_HOME/meshctl/local`)' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand apply" -l color -d 'When to use colour (`NO_COLOR` turns it off in `auto`)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c meshctl -n "__fish_meshctl_using_subcommand apply" -l force-conflicts -d 'Take over fields that another field manager owns instead of failing'
complete -c meshctl -n "__fish_meshctl_using_subcommand apply" -s v -l verbose -d 'More detail on stderr (resolved queries, requests); repeat for more'
complete -c meshctl -n "__fish_meshctl_using_subcommand apply" -s q -l quiet -d 'Only errors and data'
complete -c meshctl -n "__fish_meshctl_using_subcommand apply" -s h -l help -d 'Print help'
complete -c meshctl -n "__fish_meshctl_using_subcommand apply" -s V -l version -d 'Print version'
complete -c meshctl -n "__fish_meshctl_using_subcommand diff" -s f -l filename -d 'File, directory or `-` (stdin) with the objects; repeatable' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand diff" -s n -l namespace -d 'Namespace of the resources (default: the context\'s namespace, then `default`)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand diff" -l templates -d 'Directory whose templates override the built-in ones, file by file' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand diff" -l kubeconfig -d 'Path to the kubeconfig file (default: `KUBECONFIG`, then ~/.kube/config)' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand diff" -l context -d 'Kubeconfig context of the workload cluster' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand diff" -l mesh-kubeconfig -d 'Kubeconfig of the mesh control plane (ASM), where Istio resources live' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand diff" -l mesh-context -d 'Context of the mesh control plane (default: the workload context)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand diff" -l request-timeout -d 'How long to wait for one API request, e.g. `30s`' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand diff" -l target -d 'Mesh store: `kubernetes` (default) or `local` (see `meshctl local`)' -r -f -a "kubernetes\t'The Kubernetes cluster of the kubeconfig context'
local\t'The local mesh: files in a state directory, served by a local Envoy'"
complete -c meshctl -n "__fish_meshctl_using_subcommand diff" -l local-dir -d 'State directory of the local mesh (default: `$XDG_DATA_HOME/meshctl/local`)' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand diff" -l color -d 'When to use colour (`NO_COLOR` turns it off in `auto`)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c meshctl -n "__fish_meshctl_using_subcommand diff" -l force-conflicts -d 'Compute the result as if fields owned by other managers were taken over'
complete -c meshctl -n "__fish_meshctl_using_subcommand diff" -s v -l verbose -d 'More detail on stderr (resolved queries, requests); repeat for more'
complete -c meshctl -n "__fish_meshctl_using_subcommand diff" -s q -l quiet -d 'Only errors and data'
complete -c meshctl -n "__fish_meshctl_using_subcommand diff" -s h -l help -d 'Print help'
complete -c meshctl -n "__fish_meshctl_using_subcommand diff" -s V -l version -d 'Print version'
complete -c meshctl -n "__fish_meshctl_using_subcommand delete" -s f -l filename -d 'File, directory or `-` (stdin) naming the objects; repeatable' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand delete" -s n -l namespace -d 'Namespace of the resources (default: the context\'s namespace, then `default`)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand delete" -l templates -d 'Directory whose templates override the built-in ones, file by file' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand delete" -l kubeconfig -d 'Path to the kubeconfig file (default: `KUBECONFIG`, then ~/.kube/config)' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand delete" -l context -d 'Kubeconfig context of the workload cluster' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand delete" -l mesh-kubeconfig -d 'Kubeconfig of the mesh control plane (ASM), where Istio resources live' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand delete" -l mesh-context -d 'Context of the mesh control plane (default: the workload context)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand delete" -l request-timeout -d 'How long to wait for one API request, e.g. `30s`' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand delete" -l target -d 'Mesh store: `kubernetes` (default) or `local` (see `meshctl local`)' -r -f -a "kubernetes\t'The Kubernetes cluster of the kubeconfig context'
local\t'The local mesh: files in a state directory, served by a local Envoy'"
complete -c meshctl -n "__fish_meshctl_using_subcommand delete" -l local-dir -d 'State directory of the local mesh (default: `$XDG_DATA_HOME/meshctl/local`)' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand delete" -l color -d 'When to use colour (`NO_COLOR` turns it off in `auto`)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c meshctl -n "__fish_meshctl_using_subcommand delete" -l ignore-not-found -d 'Treat objects that do not exist as deleted'
complete -c meshctl -n "__fish_meshctl_using_subcommand delete" -s v -l verbose -d 'More detail on stderr (resolved queries, requests); repeat for more'
complete -c meshctl -n "__fish_meshctl_using_subcommand delete" -s q -l quiet -d 'Only errors and data'
complete -c meshctl -n "__fish_meshctl_using_subcommand delete" -s h -l help -d 'Print help'
complete -c meshctl -n "__fish_meshctl_using_subcommand delete" -s V -l version -d 'Print version'
complete -c meshctl -n "__fish_meshctl_using_subcommand gateway; and not __fish_seen_subcommand_from create list delete" -s n -l namespace -d 'Namespace of the resources (default: the context\'s namespace, then `default`)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand gateway; and not __fish_seen_subcommand_from create list delete" -l templates -d 'Directory whose templates override the built-in ones, file by file' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand gateway; and not __fish_seen_subcommand_from create list delete" -l kubeconfig -d 'Path to the kubeconfig file (default: `KUBECONFIG`, then ~/.kube/config)' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand gateway; and not __fish_seen_subcommand_from create list delete" -l context -d 'Kubeconfig context of the workload cluster' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand gateway; and not __fish_seen_subcommand_from create list delete" -l mesh-kubeconfig -d 'Kubeconfig of the mesh control plane (ASM), where Istio resources live' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand gateway; and not __fish_seen_subcommand_from create list delete" -l mesh-context -d 'Context of the mesh control plane (default: the workload context)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand gateway; and not __fish_seen_subcommand_from create list delete" -l request-timeout -d 'How long to wait for one API request, e.g. `30s`' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand gateway; and not __fish_seen_subcommand_from create list delete" -l target -d 'Mesh store: `kubernetes` (default) or `local` (see `meshctl local`)' -r -f -a "kubernetes\t'The Kubernetes cluster of the kubeconfig context'
local\t'The local mesh: files in a state directory, served by a local Envoy'"
complete -c meshctl -n "__fish_meshctl_using_subcommand gateway; and not __fish_seen_subcommand_from create list delete" -l local-dir -d 'State directory of the local mesh (default: `$XDG_DATA_HOME/meshctl/local`)' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand gateway; and not __fish_seen_subcommand_from create list delete" -l color -d 'When to use colour (`NO_COLOR` turns it off in `auto`)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c meshctl -n "__fish_meshctl_using_subcommand gateway; and not __fish_seen_subcommand_from create list delete" -s v -l verbose -d 'More detail on stderr (resolved queries, requests); repeat for more'
complete -c meshctl -n "__fish_meshctl_using_subcommand gateway; and not __fish_seen_subcommand_from create list delete" -s q -l quiet -d 'Only errors and data'
complete -c meshctl -n "__fish_meshctl_using_subcommand gateway; and not __fish_seen_subcommand_from create list delete" -s h -l help -d 'Print help'
complete -c meshctl -n "__fish_meshctl_using_subcommand gateway; and not __fish_seen_subcommand_from create list delete" -s V -l version -d 'Print version'
complete -c meshctl -n "__fish_meshctl_using_subcommand gateway; and not __fish_seen_subcommand_from create list delete" -f -a "create" -d 'Create (or update) a Gateway and a VirtualService routing its hosts'
complete -c meshctl -n "__fish_meshctl_using_subcommand gateway; and not __fish_seen_subcommand_from create list delete" -f -a "list" -d 'List Gateways with their ports, hosts, TLS and the VirtualServices bound to them'
complete -c meshctl -n "__fish_meshctl_using_subcommand gateway; and not __fish_seen_subcommand_from create list delete" -f -a "delete" -d 'Delete a Gateway and the VirtualService meshctl created for it'
complete -c meshctl -n "__fish_meshctl_using_subcommand gateway; and __fish_seen_subcommand_from create" -l host -d 'Host the gateway serves, e.g. `shop.example.com`; repeatable' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand gateway; and __fish_seen_subcommand_from create" -l port -d 'Port to listen on (default: 443 with `--tls-secret`, else 80)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand gateway; and __fish_seen_subcommand_from create" -l tls-secret -d 'Secret with the TLS certificate: serve HTTPS (TLS mode SIMPLE)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand gateway; and __fish_seen_subcommand_from create" -l route -d 'Where traffic goes: `SERVICE[:PORT]`, or `/PREFIX=SERVICE[:PORT]` for a path prefix; repeatable, prefixes are matched in order, the one without a prefix last' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand gateway; and __fish_seen_subcommand_from create" -l selector -d 'Labels of the gateway workload to bind to (default: `istio=ingressgateway`)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand gateway; and __fish_seen_subcommand_from create" -s n -l namespace -d 'Namespace of the resources (default: the context\'s namespace, then `default`)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand gateway; and __fish_seen_subcommand_from create" -l templates -d 'Directory whose templates override the built-in ones, file by file' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand gateway; and __fish_seen_subcommand_from create" -l kubeconfig -d 'Path to the kubeconfig file (default: `KUBECONFIG`, then ~/.kube/config)' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand gateway; and __fish_seen_subcommand_from create" -l context -d 'Kubeconfig context of the workload cluster' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand gateway; and __fish_seen_subcommand_from create" -l mesh-kubeconfig -d 'Kubeconfig of the mesh control plane (ASM), where Istio resources live' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand gateway; and __fish_seen_subcommand_from create" -l mesh-context -d 'Context of the mesh control plane (default: the workload context)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand gateway; and __fish_seen_subcommand_from create" -l request-timeout -d 'How long to wait for one API request, e.g. `30s`' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand gateway; and __fish_seen_subcommand_from create" -l target -d 'Mesh store: `kubernetes` (default) or `local` (see `meshctl local`)' -r -f -a "kubernetes\t'The Kubernetes cluster of the kubeconfig context'
local\t'The local mesh: files in a state directory, served by a local Envoy'"
complete -c meshctl -n "__fish_meshctl_using_subcommand gateway; and __fish_seen_subcommand_from create" -l local-dir -d 'State directory of the local mesh (default: `$XDG_DATA_HOME/meshctl/local`)' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand gateway; and __fish_seen_subcommand_from create" -l color -d 'When to use colour (`NO_COLOR` turns it off in `auto`)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c meshctl -n "__fish_meshctl_using_subcommand gateway; and __fish_seen_subcommand_from create" -l https-redirect -d 'Also listen on port 80 and redirect it to HTTPS (needs `--tls-secret`)'
complete -c meshctl -n "__fish_meshctl_using_subcommand gateway; and __fish_seen_subcommand_from create" -l dry-run -d 'Print the objects instead of applying them'
complete -c meshctl -n "__fish_meshctl_using_subcommand gateway; and __fish_seen_subcommand_from create" -s v -l verbose -d 'More detail on stderr (resolved queries, requests); repeat for more'
complete -c meshctl -n "__fish_meshctl_using_subcommand gateway; and __fish_seen_subcommand_from create" -s q -l quiet -d 'Only errors and data'
complete -c meshctl -n "__fish_meshctl_using_subcommand gateway; and __fish_seen_subcommand_from create" -s h -l help -d 'Print help'
complete -c meshctl -n "__fish_meshctl_using_subcommand gateway; and __fish_seen_subcommand_from create" -s V -l version -d 'Print version'
complete -c meshctl -n "__fish_meshctl_using_subcommand gateway; and __fish_seen_subcommand_from list" -s o -l output -d 'Output format: table (default), json or yaml' -r -f -a "table\t''
wide\t''
json\t''
yaml\t''"
complete -c meshctl -n "__fish_meshctl_using_subcommand gateway; and __fish_seen_subcommand_from list" -s n -l namespace -d 'Namespace of the resources (default: the context\'s namespace, then `default`)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand gateway; and __fish_seen_subcommand_from list" -l templates -d 'Directory whose templates override the built-in ones, file by file' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand gateway; and __fish_seen_subcommand_from list" -l kubeconfig -d 'Path to the kubeconfig file (default: `KUBECONFIG`, then ~/.kube/config)' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand gateway; and __fish_seen_subcommand_from list" -l context -d 'Kubeconfig context of the workload cluster' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand gateway; and __fish_seen_subcommand_from list" -l mesh-kubeconfig -d 'Kubeconfig of the mesh control plane (ASM), where Istio resources live' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand gateway; and __fish_seen_subcommand_from list" -l mesh-context -d 'Context of the mesh control plane (default: the workload context)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand gateway; and __fish_seen_subcommand_from list" -l request-timeout -d 'How long to wait for one API request, e.g. `30s`' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand gateway; and __fish_seen_subcommand_from list" -l target -d 'Mesh store: `kubernetes` (default) or `local` (see `meshctl local`)' -r -f -a "kubernetes\t'The Kubernetes cluster of the kubeconfig context'
local\t'The local mesh: files in a state directory, served by a local Envoy'"
complete -c meshctl -n "__fish_meshctl_using_subcommand gateway; and __fish_seen_subcommand_from list" -l local-dir -d 'State directory of the local mesh (default: `$XDG_DATA_HOME/meshctl/local`)' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand gateway; and __fish_seen_subcommand_from list" -l color -d 'When to use colour (`NO_COLOR` turns it off in `auto`)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c meshctl -n "__fish_meshctl_using_subcommand gateway; and __fish_seen_subcommand_from list" -s A -l all-namespaces -d 'List Gateways in every namespace'
complete -c meshctl -n "__fish_meshctl_using_subcommand gateway; and __fish_seen_subcommand_from list" -s v -l verbose -d 'More detail on stderr (resolved queries, requests); repeat for more'
complete -c meshctl -n "__fish_meshctl_using_subcommand gateway; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Only errors and data'
complete -c meshctl -n "__fish_meshctl_using_subcommand gateway; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c meshctl -n "__fish_meshctl_using_subcommand gateway; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c meshctl -n "__fish_meshctl_using_subcommand gateway; and __fish_seen_subcommand_from delete" -s n -l namespace -d 'Namespace of the resources (default: the context\'s namespace, then `default`)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand gateway; and __fish_seen_subcommand_from delete" -l templates -d 'Directory whose templates override the built-in ones, file by file' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand gateway; and __fish_seen_subcommand_from delete" -l kubeconfig -d 'Path to the kubeconfig file (default: `KUBECONFIG`, then ~/.kube/config)' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand gateway; and __fish_seen_subcommand_from delete" -l context -d 'Kubeconfig context of the workload cluster' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand gateway; and __fish_seen_subcommand_from delete" -l mesh-kubeconfig -d 'Kubeconfig of the mesh control plane (ASM), where Istio resources live' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand gateway; and __fish_seen_subcommand_from delete" -l mesh-context -d 'Context of the mesh control plane (default: the workload context)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand gateway; and __fish_seen_subcommand_from delete" -l request-timeout -d 'How long to wait for one API request, e.g. `30s`' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand gateway; and __fish_seen_subcommand_from delete" -l target -d 'Mesh store: `kubernetes` (default) or `local` (see `meshctl local`)' -r -f -a "kubernetes\t'The Kubernetes cluster of the kubeconfig context'
local\t'The local mesh: files in a state directory, served by a local Envoy'"
complete -c meshctl -n "__fish_meshctl_using_subcommand gateway; and __fish_seen_subcommand_from delete" -l local-dir -d 'State directory of the local mesh (default: `$XDG_DATA_HOME/meshctl/local`)' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand gateway; and __fish_seen_subcommand_from delete" -l color -d 'When to use colour (`NO_COLOR` turns it off in `auto`)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c meshctl -n "__fish_meshctl_using_subcommand gateway; and __fish_seen_subcommand_from delete" -l ignore-not-found -d 'Succeed even if the Gateway does not exist'
complete -c meshctl -n "__fish_meshctl_using_subcommand gateway; and __fish_seen_subcommand_from delete" -s v -l verbose -d 'More detail on stderr (resolved queries, requests); repeat for more'
complete -c meshctl -n "__fish_meshctl_using_subcommand gateway; and __fish_seen_subcommand_from delete" -s q -l quiet -d 'Only errors and data'
complete -c meshctl -n "__fish_meshctl_using_subcommand gateway; and __fish_seen_subcommand_from delete" -s h -l help -d 'Print help'
complete -c meshctl -n "__fish_meshctl_using_subcommand gateway; and __fish_seen_subcommand_from delete" -s V -l version -d 'Print version'
complete -c meshctl -n "__fish_meshctl_using_subcommand templates; and not __fish_seen_subcommand_from list show export" -s n -l namespace -d 'Namespace of the resources (default: the context\'s namespace, then `default`)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand templates; and not __fish_seen_subcommand_from list show export" -l templates -d 'Directory whose templates override the built-in ones, file by file' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand templates; and not __fish_seen_subcommand_from list show export" -l kubeconfig -d 'Path to the kubeconfig file (default: `KUBECONFIG`, then ~/.kube/config)' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand templates; and not __fish_seen_subcommand_from list show export" -l context -d 'Kubeconfig context of the workload cluster' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand templates; and not __fish_seen_subcommand_from list show export" -l mesh-kubeconfig -d 'Kubeconfig of the mesh control plane (ASM), where Istio resources live' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand templates; and not __fish_seen_subcommand_from list show export" -l mesh-context -d 'Context of the mesh control plane (default: the workload context)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand templates; and not __fish_seen_subcommand_from list show export" -l request-timeout -d 'How long to wait for one API request, e.g. `30s`' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand templates; and not __fish_seen_subcommand_from list show export" -l target -d 'Mesh store: `kubernetes` (default) or `local` (see `meshctl local`)' -r -f -a "kubernetes\t'The Kubernetes cluster of the kubeconfig context'
local\t'The local mesh: files in a state directory, served by a local Envoy'"
complete -c meshctl -n "__fish_meshctl_using_subcommand templates; and not __fish_seen_subcommand_from list show export" -l local-dir -d 'State directory of the local mesh (default: `$XDG_DATA_HOME/meshctl/local`)' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand templates; and not __fish_seen_subcommand_from list show export" -l color -d 'When to use colour (`NO_COLOR` turns it off in `auto`)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c meshctl -n "__fish_meshctl_using_subcommand templates; and not __fish_seen_subcommand_from list show export" -s v -l verbose -d 'More detail on stderr (resolved queries, requests); repeat for more'
complete -c meshctl -n "__fish_meshctl_using_subcommand templates; and not __fish_seen_subcommand_from list show export" -s q -l quiet -d 'Only errors and data'
complete -c meshctl -n "__fish_meshctl_using_subcommand templates; and not __fish_seen_subcommand_from list show export" -s h -l help -d 'Print help'
complete -c meshctl -n "__fish_meshctl_using_subcommand templates; and not __fish_seen_subcommand_from list show export" -s V -l version -d 'Print version'
complete -c meshctl -n "__fish_meshctl_using_subcommand templates; and not __fish_seen_subcommand_from list show export" -f -a "list" -d 'List the templates and where each comes from'
complete -c meshctl -n "__fish_meshctl_using_subcommand templates; and not __fish_seen_subcommand_from list show export" -f -a "show" -d 'Print a template as `render` would use it'
complete -c meshctl -n "__fish_meshctl_using_subcommand templates; and not __fish_seen_subcommand_from list show export" -f -a "export" -d 'Write the built-in templates into a directory, to edit and use with `--templates`'
complete -c meshctl -n "__fish_meshctl_using_subcommand templates; and __fish_seen_subcommand_from list" -s n -l namespace -d 'Namespace of the resources (default: the context\'s namespace, then `default`)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand templates; and __fish_seen_subcommand_from list" -l templates -d 'Directory whose templates override the built-in ones, file by file' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand templates; and __fish_seen_subcommand_from list" -l kubeconfig -d 'Path to the kubeconfig file (default: `KUBECONFIG`, then ~/.kube/config)' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand templates; and __fish_seen_subcommand_from list" -l context -d 'Kubeconfig context of the workload cluster' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand templates; and __fish_seen_subcommand_from list" -l mesh-kubeconfig -d 'Kubeconfig of the mesh control plane (ASM), where Istio resources live' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand templates; and __fish_seen_subcommand_from list" -l mesh-context -d 'Context of the mesh control plane (default: the workload context)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand templates; and __fish_seen_subcommand_from list" -l request-timeout -d 'How long to wait for one API request, e.g. `30s`' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand templates; and __fish_seen_subcommand_from list" -l target -d 'Mesh store: `kubernetes` (default) or `local` (see `meshctl local`)' -r -f -a "kubernetes\t'The Kubernetes cluster of the kubeconfig context'
local\t'The local mesh: files in a state directory, served by a local Envoy'"
complete -c meshctl -n "__fish_meshctl_using_subcommand templates; and __fish_seen_subcommand_from list" -l local-dir -d 'State directory of the local mesh (default: `$XDG_DATA_HOME/meshctl/local`)' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand templates; and __fish_seen_subcommand_from list" -l color -d 'When to use colour (`NO_COLOR` turns it off in `auto`)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c meshctl -n "__fish_meshctl_using_subcommand templates; and __fish_seen_subcommand_from list" -s v -l verbose -d 'More detail on stderr (resolved queries, requests); repeat for more'
complete -c meshctl -n "__fish_meshctl_using_subcommand templates; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Only errors and data'
complete -c meshctl -n "__fish_meshctl_using_subcommand templates; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c meshctl -n "__fish_meshctl_using_subcommand templates; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c meshctl -n "__fish_meshctl_using_subcommand templates; and __fish_seen_subcommand_from show" -s n -l namespace -d 'Namespace of the resources (default: the context\'s namespace, then `default`)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand templates; and __fish_seen_subcommand_from show" -l templates -d 'Directory whose templates override the built-in ones, file by file' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand templates; and __fish_seen_subcommand_from show" -l kubeconfig -d 'Path to the kubeconfig file (default: `KUBECONFIG`, then ~/.kube/config)' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand templates; and __fish_seen_subcommand_from show" -l context -d 'Kubeconfig context of the workload cluster' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand templates; and __fish_seen_subcommand_from show" -l mesh-kubeconfig -d 'Kubeconfig of the mesh control plane (ASM), where Istio resources live' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand templates; and __fish_seen_subcommand_from show" -l mesh-context -d 'Context of the mesh control plane (default: the workload context)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand templates; and __fish_seen_subcommand_from show" -l request-timeout -d 'How long to wait for one API request, e.g. `30s`' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand templates; and __fish_seen_subcommand_from show" -l target -d 'Mesh store: `kubernetes` (default) or `local` (see `meshctl local`)' -r -f -a "kubernetes\t'The Kubernetes cluster of the kubeconfig context'
local\t'The local mesh: files in a state directory, served by a local Envoy'"
complete -c meshctl -n "__fish_meshctl_using_subcommand templates; and __fish_seen_subcommand_from show" -l local-dir -d 'State directory of the local mesh (default: `$XDG_DATA_HOME/meshctl/local`)' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand templates; and __fish_seen_subcommand_from show" -l color -d 'When to use colour (`NO_COLOR` turns it off in `auto`)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c meshctl -n "__fish_meshctl_using_subcommand templates; and __fish_seen_subcommand_from show" -s v -l verbose -d 'More detail on stderr (resolved queries, requests); repeat for more'
complete -c meshctl -n "__fish_meshctl_using_subcommand templates; and __fish_seen_subcommand_from show" -s q -l quiet -d 'Only errors and data'
complete -c meshctl -n "__fish_meshctl_using_subcommand templates; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help'
complete -c meshctl -n "__fish_meshctl_using_subcommand templates; and __fish_seen_subcommand_from show" -s V -l version -d 'Print version'
complete -c meshctl -n "__fish_meshctl_using_subcommand templates; and __fish_seen_subcommand_from export" -s n -l namespace -d 'Namespace of the resources (default: the context\'s namespace, then `default`)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand templates; and __fish_seen_subcommand_from export" -l templates -d 'Directory whose templates override the built-in ones, file by file' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand templates; and __fish_seen_subcommand_from export" -l kubeconfig -d 'Path to the kubeconfig file (default: `KUBECONFIG`, then ~/.kube/config)' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand templates; and __fish_seen_subcommand_from export" -l context -d 'Kubeconfig context of the workload cluster' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand templates; and __fish_seen_subcommand_from export" -l mesh-kubeconfig -d 'Kubeconfig of the mesh control plane (ASM), where Istio resources live' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand templates; and __fish_seen_subcommand_from export" -l mesh-context -d 'Context of the mesh control plane (default: the workload context)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand templates; and __fish_seen_subcommand_from export" -l request-timeout -d 'How long to wait for one API request, e.g. `30s`' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand templates; and __fish_seen_subcommand_from export" -l target -d 'Mesh store: `kubernetes` (default) or `local` (see `meshctl local`)' -r -f -a "kubernetes\t'The Kubernetes cluster of the kubeconfig context'
local\t'The local mesh: files in a state directory, served by a local Envoy'"
complete -c meshctl -n "__fish_meshctl_using_subcommand templates; and __fish_seen_subcommand_from export" -l local-dir -d 'State directory of the local mesh (default: `$XDG_DATA_HOME/meshctl/local`)' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand templates; and __fish_seen_subcommand_from export" -l color -d 'When to use colour (`NO_COLOR` turns it off in `auto`)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c meshctl -n "__fish_meshctl_using_subcommand templates; and __fish_seen_subcommand_from export" -l force -d 'Overwrite templates already in DIR'
complete -c meshctl -n "__fish_meshctl_using_subcommand templates; and __fish_seen_subcommand_from export" -s v -l verbose -d 'More detail on stderr (resolved queries, requests); repeat for more'
complete -c meshctl -n "__fish_meshctl_using_subcommand templates; and __fish_seen_subcommand_from export" -s q -l quiet -d 'Only errors and data'
complete -c meshctl -n "__fish_meshctl_using_subcommand templates; and __fish_seen_subcommand_from export" -s h -l help -d 'Print help'
complete -c meshctl -n "__fish_meshctl_using_subcommand templates; and __fish_seen_subcommand_from export" -s V -l version -d 'Print version'
complete -c meshctl -n "__fish_meshctl_using_subcommand local; and not __fish_seen_subcommand_from up down status endpoint" -s n -l namespace -d 'Namespace of the resources (default: the context\'s namespace, then `default`)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand local; and not __fish_seen_subcommand_from up down status endpoint" -l templates -d 'Directory whose templates override the built-in ones, file by file' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand local; and not __fish_seen_subcommand_from up down status endpoint" -l kubeconfig -d 'Path to the kubeconfig file (default: `KUBECONFIG`, then ~/.kube/config)' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand local; and not __fish_seen_subcommand_from up down status endpoint" -l context -d 'Kubeconfig context of the workload cluster' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand local; and not __fish_seen_subcommand_from up down status endpoint" -l mesh-kubeconfig -d 'Kubeconfig of the mesh control plane (ASM), where Istio resources live' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand local; and not __fish_seen_subcommand_from up down status endpoint" -l mesh-context -d 'Context of the mesh control plane (default: the workload context)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand local; and not __fish_seen_subcommand_from up down status endpoint" -l request-timeout -d 'How long to wait for one API request, e.g. `30s`' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand local; and not __fish_seen_subcommand_from up down status endpoint" -l target -d 'Mesh store: `kubernetes` (default) or `local` (see `meshctl local`)' -r -f -a "kubernetes\t'The Kubernetes cluster of the kubeconfig context'
local\t'The local mesh: files in a state directory, served by a local Envoy'"
complete -c meshctl -n "__fish_meshctl_using_subcommand local; and not __fish_seen_subcommand_from up down status endpoint" -l local-dir -d 'State directory of the local mesh (default: `$XDG_DATA_HOME/meshctl/local`)' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand local; and not __fish_seen_subcommand_from up down status endpoint" -l color -d 'When to use colour (`NO_COLOR` turns it off in `auto`)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c meshctl -n "__fish_meshctl_using_subcommand local; and not __fish_seen_subcommand_from up down status endpoint" -s v -l verbose -d 'More detail on stderr (resolved queries, requests); repeat for more'
complete -c meshctl -n "__fish_meshctl_using_subcommand local; and not __fish_seen_subcommand_from up down status endpoint" -s q -l quiet -d 'Only errors and data'
complete -c meshctl -n "__fish_meshctl_using_subcommand local; and not __fish_seen_subcommand_from up down status endpoint" -s h -l help -d 'Print help'
complete -c meshctl -n "__fish_meshctl_using_subcommand local; and not __fish_seen_subcommand_from up down status endpoint" -s V -l version -d 'Print version'
complete -c meshctl -n "__fish_meshctl_using_subcommand local; and not __fish_seen_subcommand_from up down status endpoint" -f -a "up" -d 'Start Envoy for the local mesh and serve the stored objects'
complete -c meshctl -n "__fish_meshctl_using_subcommand local; and not __fish_seen_subcommand_from up down status endpoint" -f -a "down" -d 'Stop the local mesh\'s Envoy (the stored objects stay)'
complete -c meshctl -n "__fish_meshctl_using_subcommand local; and not __fish_seen_subcommand_from up down status endpoint" -f -a "status" -d 'Show Envoy\'s PID, ports, configuration version, resources and endpoints'
complete -c meshctl -n "__fish_meshctl_using_subcommand local; and not __fish_seen_subcommand_from up down status endpoint" -f -a "endpoint" -d 'Add, remove and list backend addresses of service subsets'
complete -c meshctl -n "__fish_meshctl_using_subcommand local; and __fish_seen_subcommand_from up" -l dir -d 'State directory (default: `--local-dir`, `MESHCTL_LOCAL_DIR`, then `$XDG_DATA_HOME/meshctl/local`)' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand local; and __fish_seen_subcommand_from up" -l port -d 'Port of the HTTP listener every route is served on (127.0.0.1)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand local; and __fish_seen_subcommand_from up" -l admin-port -d 'Port of Envoy\'s admin endpoint (127.0.0.1): stats, config dump' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand local; and __fish_seen_subcommand_from up" -l envoy -d 'The Envoy binary (default: `envoy` on `PATH`)' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand local; and __fish_seen_subcommand_from up" -s n -l namespace -d 'Namespace of the resources (default: the context\'s namespace, then `default`)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand local; and __fish_seen_subcommand_from up" -l templates -d 'Directory whose templates override the built-in ones, file by file' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand local; and __fish_seen_subcommand_from up" -l kubeconfig -d 'Path to the kubeconfig file (default: `KUBECONFIG`, then ~/.kube/config)' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand local; and __fish_seen_subcommand_from up" -l context -d 'Kubeconfig context of the workload cluster' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand local; and __fish_seen_subcommand_from up" -l mesh-kubeconfig -d 'Kubeconfig of the mesh control plane (ASM), where Istio resources live' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand local; and __fish_seen_subcommand_from up" -l mesh-context -d 'Context of the mesh control plane (default: the workload context)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand local; and __fish_seen_subcommand_from up" -l request-timeout -d 'How long to wait for one API request, e.g. `30s`' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand local; and __fish_seen_subcommand_from up" -l target -d 'Mesh store: `kubernetes` (default) or `local` (see `meshctl local`)' -r -f -a "kubernetes\t'The Kubernetes cluster of the kubeconfig context'
local\t'The local mesh: files in a state directory, served by a local Envoy'"
complete -c meshctl -n "__fish_meshctl_using_subcommand local; and __fish_seen_subcommand_from up" -l local-dir -d 'State directory of the local mesh (default: `$XDG_DATA_HOME/meshctl/local`)' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand local; and __fish_seen_subcommand_from up" -l color -d 'When to use colour (`NO_COLOR` turns it off in `auto`)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c meshctl -n "__fish_meshctl_using_subcommand local; and __fish_seen_subcommand_from up" -s v -l verbose -d 'More detail on stderr (resolved queries, requests); repeat for more'
complete -c meshctl -n "__fish_meshctl_using_subcommand local; and __fish_seen_subcommand_from up" -s q -l quiet -d 'Only errors and data'
complete -c meshctl -n "__fish_meshctl_using_subcommand local; and __fish_seen_subcommand_from up" -s h -l help -d 'Print help'
complete -c meshctl -n "__fish_meshctl_using_subcommand local; and __fish_seen_subcommand_from up" -s V -l version -d 'Print version'
complete -c meshctl -n "__fish_meshctl_using_subcommand local; and __fish_seen_subcommand_from down" -l dir -d 'State directory (default: `--local-dir`, `MESHCTL_LOCAL_DIR`, then `$XDG_DATA_HOME/meshctl/local`)' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand local; and __fish_seen_subcommand_from down" -s n -l namespace -d 'Namespace of the resources (default: the context\'s namespace, then `default`)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand local; and __fish_seen_subcommand_from down" -l templates -d 'Directory whose templates override the built-in ones, file by file' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand local; and __fish_seen_subcommand_from down" -l kubeconfig -d 'Path to the kubeconfig file (default: `KUBECONFIG`, then ~/.kube/config)' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand local; and __fish_seen_subcommand_from down" -l context -d 'Kubeconfig context of the workload cluster' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand local; and __fish_seen_subcommand_from down" -l mesh-kubeconfig -d 'Kubeconfig of the mesh control plane (ASM), where Istio resources live' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand local; and __fish_seen_subcommand_from down" -l mesh-context -d 'Context of the mesh control plane (default: the workload context)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand local; and __fish_seen_subcommand_from down" -l request-timeout -d 'How long to wait for one API request, e.g. `30s`' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand local; and __fish_seen_subcommand_from down" -l target -d 'Mesh store: `kubernetes` (default) or `local` (see `meshctl local`)' -r -f -a "kubernetes\t'The Kubernetes cluster of the kubeconfig context'
local\t'The local mesh: files in a state directory, served by a local Envoy'"
complete -c meshctl -n "__fish_meshctl_using_subcommand local; and __fish_seen_subcommand_from down" -l local-dir -d 'State directory of the local mesh (default: `$XDG_DATA_HOME/meshctl/local`)' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand local; and __fish_seen_subcommand_from down" -l color -d 'When to use colour (`NO_COLOR` turns it off in `auto`)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c meshctl -n "__fish_meshctl_using_subcommand local; and __fish_seen_subcommand_from down" -s v -l verbose -d 'More detail on stderr (resolved queries, requests); repeat for more'
complete -c meshctl -n "__fish_meshctl_using_subcommand local; and __fish_seen_subcommand_from down" -s q -l quiet -d 'Only errors and data'
complete -c meshctl -n "__fish_meshctl_using_subcommand local; and __fish_seen_subcommand_from down" -s h -l help -d 'Print help'
complete -c meshctl -n "__fish_meshctl_using_subcommand local; and __fish_seen_subcommand_from down" -s V -l version -d 'Print version'
complete -c meshctl -n "__fish_meshctl_using_subcommand local; and __fish_seen_subcommand_from status" -l dir -d 'State directory (default: `--local-dir`, `MESHCTL_LOCAL_DIR`, then `$XDG_DATA_HOME/meshctl/local`)' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand local; and __fish_seen_subcommand_from status" -s o -l output -d 'Print `json` or `yaml` instead of the table' -r -f -a "table\t''
wide\t''
json\t''
yaml\t''"
complete -c meshctl -n "__fish_meshctl_using_subcommand local; and __fish_seen_subcommand_from status" -s n -l namespace -d 'Namespace of the resources (default: the context\'s namespace, then `default`)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand local; and __fish_seen_subcommand_from status" -l templates -d 'Directory whose templates override the built-in ones, file by file' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand local; and __fish_seen_subcommand_from status" -l kubeconfig -d 'Path to the kubeconfig file (default: `KUBECONFIG`, then ~/.kube/config)' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand local; and __fish_seen_subcommand_from status" -l context -d 'Kubeconfig context of the workload cluster' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand local; and __fish_seen_subcommand_from status" -l mesh-kubeconfig -d 'Kubeconfig of the mesh control plane (ASM), where Istio resources live' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand local; and __fish_seen_subcommand_from status" -l mesh-context -d 'Context of the mesh control plane (default: the workload context)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand local; and __fish_seen_subcommand_from status" -l request-timeout -d 'How long to wait for one API request, e.g. `30s`' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand local; and __fish_seen_subcommand_from status" -l target -d 'Mesh store: `kubernetes` (default) or `local` (see `meshctl local`)' -r -f -a "kubernetes\t'The Kubernetes cluster of the kubeconfig context'
local\t'The local mesh: files in a state directory, served by a local Envoy'"
complete -c meshctl -n "__fish_meshctl_using_subcommand local; and __fish_seen_subcommand_from status" -l local-dir -d 'State directory of the local mesh (default: `$XDG_DATA_HOME/meshctl/local`)' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand local; and __fish_seen_subcommand_from status" -l color -d 'When to use colour (`NO_COLOR` turns it off in `auto`)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c meshctl -n "__fish_meshctl_using_subcommand local; and __fish_seen_subcommand_from status" -s v -l verbose -d 'More detail on stderr (resolved queries, requests); repeat for more'
complete -c meshctl -n "__fish_meshctl_using_subcommand local; and __fish_seen_subcommand_from status" -s q -l quiet -d 'Only errors and data'
complete -c meshctl -n "__fish_meshctl_using_subcommand local; and __fish_seen_subcommand_from status" -s h -l help -d 'Print help'
complete -c meshctl -n "__fish_meshctl_using_subcommand local; and __fish_seen_subcommand_from status" -s V -l version -d 'Print version'
complete -c meshctl -n "__fish_meshctl_using_subcommand local; and __fish_seen_subcommand_from endpoint" -s n -l namespace -d 'Namespace of the resources (default: the context\'s namespace, then `default`)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand local; and __fish_seen_subcommand_from endpoint" -l templates -d 'Directory whose templates override the built-in ones, file by file' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand local; and __fish_seen_subcommand_from endpoint" -l kubeconfig -d 'Path to the kubeconfig file (default: `KUBECONFIG`, then ~/.kube/config)' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand local; and __fish_seen_subcommand_from endpoint" -l context -d 'Kubeconfig context of the workload cluster' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand local; and __fish_seen_subcommand_from endpoint" -l mesh-kubeconfig -d 'Kubeconfig of the mesh control plane (ASM), where Istio resources live' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand local; and __fish_seen_subcommand_from endpoint" -l mesh-context -d 'Context of the mesh control plane (default: the workload context)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand local; and __fish_seen_subcommand_from endpoint" -l request-timeout -d 'How long to wait for one API request, e.g. `30s`' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand local; and __fish_seen_subcommand_from endpoint" -l target -d 'Mesh store: `kubernetes` (default) or `local` (see `meshctl local`)' -r -f -a "kubernetes\t'The Kubernetes cluster of the kubeconfig context'
local\t'The local mesh: files in a state directory, served by a local Envoy'"
complete -c meshctl -n "__fish_meshctl_using_subcommand local; and __fish_seen_subcommand_from endpoint" -l local-dir -d 'State directory of the local mesh (default: `$XDG_DATA_HOME/meshctl/local`)' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand local; and __fish_seen_subcommand_from endpoint" -l color -d 'When to use colour (`NO_COLOR` turns it off in `auto`)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c meshctl -n "__fish_meshctl_using_subcommand local; and __fish_seen_subcommand_from endpoint" -s v -l verbose -d 'More detail on stderr (resolved queries, requests); repeat for more'
complete -c meshctl -n "__fish_meshctl_using_subcommand local; and __fish_seen_subcommand_from endpoint" -s q -l quiet -d 'Only errors and data'
complete -c meshctl -n "__fish_meshctl_using_subcommand local; and __fish_seen_subcommand_from endpoint" -s h -l help -d 'Print help'
complete -c meshctl -n "__fish_meshctl_using_subcommand local; and __fish_seen_subcommand_from endpoint" -s V -l version -d 'Print version'
complete -c meshctl -n "__fish_meshctl_using_subcommand local; and __fish_seen_subcommand_from endpoint" -f -a "add" -d 'Register an address for a service subset'
complete -c meshctl -n "__fish_meshctl_using_subcommand local; and __fish_seen_subcommand_from endpoint" -f -a "remove" -d 'Remove an address (or every address) of a service subset'
complete -c meshctl -n "__fish_meshctl_using_subcommand local; and __fish_seen_subcommand_from endpoint" -f -a "list" -d 'List registered endpoints'
complete -c meshctl -n "__fish_meshctl_using_subcommand metrics" -l subsets -d 'Subsets to show (default: the DestinationRule\'s subsets)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand metrics" -l window -d 'The traffic to measure: the next (Envoy) or last (Prometheus) window' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand metrics" -l source -d 'Where figures come from (default: `prometheus` with `--prometheus-url`, else `envoy`)' -r -f -a "envoy\t'Scrape the proxies\' `/stats/prometheus` twice, a window apart'
prometheus\t'Ask Prometheus about the last window'"
complete -c meshctl -n "__fish_meshctl_using_subcommand metrics" -l port -d 'The service port, to tell its clusters from other ports\' (default: any port)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand metrics" -l envoy-admin -d 'Envoy admin URL to scrape (repeatable); skips the pod lookup' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand metrics" -l stats-port -d 'Pod port serving `/stats/prometheus` (15020 merged by the Istio agent, 15090 Envoy\'s)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand metrics" -l prometheus-url -d 'Prometheus base URL' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand metrics" -l prometheus-token-file -d 'File holding a bearer token for Prometheus (or set `MESHCTL_PROMETHEUS_TOKEN`)' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand metrics" -l prometheus-ca -d 'PEM file of CA certificates to trust for Prometheus' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand metrics" -l timeout -d 'How long one query or scrape may take' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand metrics" -s o -l output -d 'Output format: table (default), json or yaml' -r -f -a "table\t''
wide\t''
json\t''
yaml\t''"
complete -c meshctl -n "__fish_meshctl_using_subcommand metrics" -s n -l namespace -d 'Namespace of the resources (default: the context\'s namespace, then `default`)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand metrics" -l templates -d 'Directory whose templates override the built-in ones, file by file' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand metrics" -l kubeconfig -d 'Path to the kubeconfig file (default: `KUBECONFIG`, then ~/.kube/config)' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand metrics" -l context -d 'Kubeconfig context of the workload cluster' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand metrics" -l mesh-kubeconfig -d 'Kubeconfig of the mesh control plane (ASM), where Istio resources live' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand metrics" -l mesh-context -d 'Context of the mesh control plane (default: the workload context)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand metrics" -l request-timeout -d 'How long to wait for one API request, e.g. `30s`' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand metrics" -l target -d 'Mesh store: `kubernetes` (default) or `local` (see `meshctl local`)' -r -f -a "kubernetes\t'The Kubernetes cluster of the kubeconfig context'
local\t'The local mesh: files in a state directory, served by a local Envoy'"
complete -c meshctl -n "__fish_meshctl_using_subcommand metrics" -l local-dir -d 'State directory of the local mesh (default: `$XDG_DATA_HOME/meshctl/local`)' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand metrics" -l color -d 'When to use colour (`NO_COLOR` turns it off in `auto`)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c meshctl -n "__fish_meshctl_using_subcommand metrics" -l watch -d 'Keep measuring: redraw on a terminal, else print a table per window'
complete -c meshctl -n "__fish_meshctl_using_subcommand metrics" -s v -l verbose -d 'More detail on stderr (resolved queries, requests); repeat for more'
complete -c meshctl -n "__fish_meshctl_using_subcommand metrics" -s q -l quiet -d 'Only errors and data'
complete -c meshctl -n "__fish_meshctl_using_subcommand metrics" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c meshctl -n "__fish_meshctl_using_subcommand metrics" -s V -l version -d 'Print version'
complete -c meshctl -n "__fish_meshctl_using_subcommand demo; and not __fish_seen_subcommand_from backend" -s n -l namespace -d 'Namespace of the resources (default: the context\'s namespace, then `default`)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand demo; and not __fish_seen_subcommand_from backend" -l templates -d 'Directory whose templates override the built-in ones, file by file' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand demo; and not __fish_seen_subcommand_from backend" -l kubeconfig -d 'Path to the kubeconfig file (default: `KUBECONFIG`, then ~/.kube/config)' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand demo; and not __fish_seen_subcommand_from backend" -l context -d 'Kubeconfig context of the workload cluster' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand demo; and not __fish_seen_subcommand_from backend" -l mesh-kubeconfig -d 'Kubeconfig of the mesh control plane (ASM), where Istio resources live' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand demo; and not __fish_seen_subcommand_from backend" -l mesh-context -d 'Context of the mesh control plane (default: the workload context)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand demo; and not __fish_seen_subcommand_from backend" -l request-timeout -d 'How long to wait for one API request, e.g. `30s`' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand demo; and not __fish_seen_subcommand_from backend" -l target -d 'Mesh store: `kubernetes` (default) or `local` (see `meshctl local`)' -r -f -a "kubernetes\t'The Kubernetes cluster of the kubeconfig context'
local\t'The local mesh: files in a state directory, served by a local Envoy'"
complete -c meshctl -n "__fish_meshctl_using_subcommand demo; and not __fish_seen_subcommand_from backend" -l local-dir -d 'State directory of the local mesh (default: `$XDG_DATA_HOME/meshctl/local`)' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand demo; and not __fish_seen_subcommand_from backend" -l color -d 'When to use colour (`NO_COLOR` turns it off in `auto`)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c meshctl -n "__fish_meshctl_using_subcommand demo; and not __fish_seen_subcommand_from backend" -s v -l verbose -d 'More detail on stderr (resolved queries, requests); repeat for more'
complete -c meshctl -n "__fish_meshctl_using_subcommand demo; and not __fish_seen_subcommand_from backend" -s q -l quiet -d 'Only errors and data'
complete -c meshctl -n "__fish_meshctl_using_subcommand demo; and not __fish_seen_subcommand_from backend" -s h -l help -d 'Print help'
complete -c meshctl -n "__fish_meshctl_using_subcommand demo; and not __fish_seen_subcommand_from backend" -s V -l version -d 'Print version'
complete -c meshctl -n "__fish_meshctl_using_subcommand demo; and not __fish_seen_subcommand_from backend" -f -a "backend" -d 'Serve HTTP as one version of a service, with a chosen error rate and latency'
complete -c meshctl -n "__fish_meshctl_using_subcommand demo; and __fish_seen_subcommand_from backend" -l name -d 'The service name the answers carry' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand demo; and __fish_seen_subcommand_from backend" -l version -d 'The version the answers carry (and `x-meshctl-version`)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand demo; and __fish_seen_subcommand_from backend" -l port -d 'Port to listen on (0 picks a free one)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand demo; and __fish_seen_subcommand_from backend" -l error-rate -d 'Share of requests answered with 500, from 0 to 1; spread evenly (0.2 = every fifth)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand demo; and __fish_seen_subcommand_from backend" -l latency -d 'Time added before every answer, e.g. `50ms`' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand demo; and __fish_seen_subcommand_from backend" -l bind -d 'Address to listen on' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand demo; and __fish_seen_subcommand_from backend" -s n -l namespace -d 'Namespace of the resources (default: the context\'s namespace, then `default`)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand demo; and __fish_seen_subcommand_from backend" -l templates -d 'Directory whose templates override the built-in ones, file by file' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand demo; and __fish_seen_subcommand_from backend" -l kubeconfig -d 'Path to the kubeconfig file (default: `KUBECONFIG`, then ~/.kube/config)' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand demo; and __fish_seen_subcommand_from backend" -l context -d 'Kubeconfig context of the workload cluster' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand demo; and __fish_seen_subcommand_from backend" -l mesh-kubeconfig -d 'Kubeconfig of the mesh control plane (ASM), where Istio resources live' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand demo; and __fish_seen_subcommand_from backend" -l mesh-context -d 'Context of the mesh control plane (default: the workload context)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand demo; and __fish_seen_subcommand_from backend" -l request-timeout -d 'How long to wait for one API request, e.g. `30s`' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand demo; and __fish_seen_subcommand_from backend" -l target -d 'Mesh store: `kubernetes` (default) or `local` (see `meshctl local`)' -r -f -a "kubernetes\t'The Kubernetes cluster of the kubeconfig context'
local\t'The local mesh: files in a state directory, served by a local Envoy'"
complete -c meshctl -n "__fish_meshctl_using_subcommand demo; and __fish_seen_subcommand_from backend" -l local-dir -d 'State directory of the local mesh (default: `$XDG_DATA_HOME/meshctl/local`)' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand demo; and __fish_seen_subcommand_from backend" -l color -d 'When to use colour (`NO_COLOR` turns it off in `auto`)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c meshctl -n "__fish_meshctl_using_subcommand demo; and __fish_seen_subcommand_from backend" -s v -l verbose -d 'More detail on stderr (resolved queries, requests); repeat for more'
complete -c meshctl -n "__fish_meshctl_using_subcommand demo; and __fish_seen_subcommand_from backend" -s q -l quiet -d 'Only errors and data'
complete -c meshctl -n "__fish_meshctl_using_subcommand demo; and __fish_seen_subcommand_from backend" -s h -l help -d 'Print help'
complete -c meshctl -n "__fish_meshctl_using_subcommand completion" -s n -l namespace -d 'Namespace of the resources (default: the context\'s namespace, then `default`)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand completion" -l templates -d 'Directory whose templates override the built-in ones, file by file' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand completion" -l kubeconfig -d 'Path to the kubeconfig file (default: `KUBECONFIG`, then ~/.kube/config)' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand completion" -l context -d 'Kubeconfig context of the workload cluster' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand completion" -l mesh-kubeconfig -d 'Kubeconfig of the mesh control plane (ASM), where Istio resources live' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand completion" -l mesh-context -d 'Context of the mesh control plane (default: the workload context)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand completion" -l request-timeout -d 'How long to wait for one API request, e.g. `30s`' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand completion" -l target -d 'Mesh store: `kubernetes` (default) or `local` (see `meshctl local`)' -r -f -a "kubernetes\t'The Kubernetes cluster of the kubeconfig context'
local\t'The local mesh: files in a state directory, served by a local Envoy'"
complete -c meshctl -n "__fish_meshctl_using_subcommand completion" -l local-dir -d 'State directory of the local mesh (default: `$XDG_DATA_HOME/meshctl/local`)' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand completion" -l color -d 'When to use colour (`NO_COLOR` turns it off in `auto`)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c meshctl -n "__fish_meshctl_using_subcommand completion" -s v -l verbose -d 'More detail on stderr (resolved queries, requests); repeat for more'
complete -c meshctl -n "__fish_meshctl_using_subcommand completion" -s q -l quiet -d 'Only errors and data'
complete -c meshctl -n "__fish_meshctl_using_subcommand completion" -s h -l help -d 'Print help'
complete -c meshctl -n "__fish_meshctl_using_subcommand completion" -s V -l version -d 'Print version'
complete -c meshctl -n "__fish_meshctl_using_subcommand version" -s o -l output -d 'Output format: json or yaml (default: plain text)' -r -f -a "table\t''
wide\t''
json\t''
yaml\t''"
complete -c meshctl -n "__fish_meshctl_using_subcommand version" -s n -l namespace -d 'Namespace of the resources (default: the context\'s namespace, then `default`)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand version" -l templates -d 'Directory whose templates override the built-in ones, file by file' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand version" -l kubeconfig -d 'Path to the kubeconfig file (default: `KUBECONFIG`, then ~/.kube/config)' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand version" -l context -d 'Kubeconfig context of the workload cluster' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand version" -l mesh-kubeconfig -d 'Kubeconfig of the mesh control plane (ASM), where Istio resources live' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand version" -l mesh-context -d 'Context of the mesh control plane (default: the workload context)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand version" -l request-timeout -d 'How long to wait for one API request, e.g. `30s`' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand version" -l target -d 'Mesh store: `kubernetes` (default) or `local` (see `meshctl local`)' -r -f -a "kubernetes\t'The Kubernetes cluster of the kubeconfig context'
local\t'The local mesh: files in a state directory, served by a local Envoy'"
complete -c meshctl -n "__fish_meshctl_using_subcommand version" -l local-dir -d 'State directory of the local mesh (default: `$XDG_DATA_HOME/meshctl/local`)' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand version" -l color -d 'When to use colour (`NO_COLOR` turns it off in `auto`)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c meshctl -n "__fish_meshctl_using_subcommand version" -s v -l verbose -d 'More detail on stderr (resolved queries, requests); repeat for more'
complete -c meshctl -n "__fish_meshctl_using_subcommand version" -s q -l quiet -d 'Only errors and data'
complete -c meshctl -n "__fish_meshctl_using_subcommand version" -s h -l help -d 'Print help'
complete -c meshctl -n "__fish_meshctl_using_subcommand version" -s V -l version -d 'Print version'
