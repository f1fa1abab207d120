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
complete -c meshctl -n "__fish_meshctl_needs_command" -f -a "analyze" -d 'Find mesh configuration mistakes in files or the cluster (coded findings)'
complete -c meshctl -n "__fish_meshctl_needs_command" -f -a "status" -d 'Show services, their routes, policies and rollouts at a glance'
complete -c meshctl -n "__fish_meshctl_needs_command" -f -a "apply" -d 'Create or update objects from files (server-side apply)'
complete -c meshctl -n "__fish_meshctl_needs_command" -f -a "diff" -d 'Show what `apply` would change (exit 1 when something would)'
complete -c meshctl -n "__fish_meshctl_needs_command" -f -a "delete" -d 'Delete objects named in files, or by kind and name'
complete -c meshctl -n "__fish_meshctl_needs_command" -f -a "gateway" -d 'Create, list and delete gateways and their routes; deploy gateway workloads'
complete -c meshctl -n "__fish_meshctl_needs_command" -f -a "canary" -d 'Shift traffic to a new version step by step, judged by proxy metrics'
complete -c meshctl -n "__fish_meshctl_needs_command" -f -a "bluegreen" -d 'Switch all traffic between two colours, verified before and after'
complete -c meshctl -n "__fish_meshctl_needs_command" -f -a "policy" -d 'Set and show timeouts, retries, load balancing, circuit breaking and TLS'
complete -c meshctl -n "__fish_meshctl_needs_command" -f -a "fault" -d 'Inject HTTP aborts and delays into a service\'s routes, and clear them'
complete -c meshctl -n "__fish_meshctl_needs_command" -f -a "egress" -d 'Allow, list and revoke traffic to external hosts (optionally via the egress gateway)'
complete -c meshctl -n "__fish_meshctl_needs_command" -f -a "lane" -d 'Traffic lanes: route tagged requests through a chain of services\' versions'
complete -c meshctl -n "__fish_meshctl_needs_command" -f -a "templates" -d 'List, show or export the built-in templates'
complete -c meshctl -n "__fish_meshctl_needs_command" -f -a "local" -d 'Run a local mesh on a real Envoy: start, stop, status, endpoints'
complete -c meshctl -n "__fish_meshctl_needs_command" -f -a "metrics" -d 'Each subset\'s traffic: weight, request and success rates, latency quantiles'
complete -c meshctl -n "__fish_meshctl_needs_command" -f -a "demo" -d 'Local stand-ins for workloads, to try meshctl without a cluster'
complete -c meshctl -n "__fish_meshctl_needs_command" -f -a "completion" -d 'Print a shell completion script'
complete -c meshctl -n "__fish_meshctl_needs_command" -f -a "version" -d 'Print the version'
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and not __fish_seen_subcommand_from gateway gw virtualservice vs destinationrule dr serviceentry se httproute service" -s n -l namespace -d 'Namespace of the resources (default: the context\'s namespace, then `default`)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and not __fish_seen_subcommand_from gateway gw virtualservice vs destinationrule dr serviceentry se httproute service" -l templates -d 'Directory whose templates override the built-in ones, file by file' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and not __fish_seen_subcommand_from gateway gw virtualservice vs destinationrule dr serviceentry se httproute service" -l kubeconfig -d 'Path to the kubeconfig file (default: `KUBECONFIG`, then ~/.kube/config)' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and not __fish_seen_subcommand_from gateway gw virtualservice vs destinationrule dr serviceentry se httproute service" -l context -d 'Kubeconfig context of the workload cluster' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and not __fish_seen_subcommand_from gateway gw virtualservice vs destinationrule dr serviceentry se httproute service" -l mesh-kubeconfig -d 'Kubeconfig of the mesh control plane (ASM), where Istio resources live' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and not __fish_seen_subcommand_from gateway gw virtualservice vs destinationrule dr serviceentry se httproute service" -l mesh-context -d 'Context of the mesh control plane (default: the workload context)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and not __fish_seen_subcommand_from gateway gw virtualservice vs destinationrule dr serviceentry se httproute service" -l request-timeout -d 'How long to wait for one API request, e.g. `30s`' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and not __fish_seen_subcommand_from gateway gw virtualservice vs destinationrule dr serviceentry se httproute service" -l target -d 'Mesh store: `kubernetes` (default) or `local` (see `meshctl local`)' -r -f -a "kubernetes\t'The Kubernetes cluster of the kubeconfig context'
local\t'The local mesh: files in a state directory, served by a local Envoy'"
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and not __fish_seen_subcommand_from gateway gw virtualservice vs destinationrule dr serviceentry se httproute service" -l local-dir -d 'State directory of the local mesh (default: `$XDG_DATA_HOME/meshctl/local`)' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and not __fish_seen_subcommand_from gateway gw virtualservice vs destinationrule dr serviceentry se httproute service" -l color -d 'When to use colour (`NO_COLOR` turns it off in `auto`)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and not __fish_seen_subcommand_from gateway gw virtualservice vs destinationrule dr serviceentry se httproute service" -s v -l verbose -d 'More detail on stderr (resolved queries, requests); repeat for more'
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and not __fish_seen_subcommand_from gateway gw virtualservice vs destinationrule dr serviceentry se httproute service" -s q -l quiet -d 'Only errors and data'
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and not __fish_seen_subcommand_from gateway gw virtualservice vs destinationrule dr serviceentry se httproute service" -s h -l help -d 'Print help'
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and not __fish_seen_subcommand_from gateway gw virtualservice vs destinationrule dr serviceentry se httproute service" -s V -l version -d 'Print version'
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and not __fish_seen_subcommand_from gateway gw virtualservice vs destinationrule dr serviceentry se httproute service" -f -a "gateway" -d 'Render a Gateway (ingress at the mesh edge)'
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and not __fish_seen_subcommand_from gateway gw virtualservice vs destinationrule dr serviceentry se httproute service" -f -a "gw" -d 'Render a Gateway (ingress at the mesh edge)'
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and not __fish_seen_subcommand_from gateway gw virtualservice vs destinationrule dr serviceentry se httproute service" -f -a "virtualservice" -d 'Render a VirtualService (routes, weights, timeouts, retries)'
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and not __fish_seen_subcommand_from gateway gw virtualservice vs destinationrule dr serviceentry se httproute service" -f -a "vs" -d 'Render a VirtualService (routes, weights, timeouts, retries)'
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and not __fish_seen_subcommand_from gateway gw virtualservice vs destinationrule dr serviceentry se httproute service" -f -a "destinationrule" -d 'Render a DestinationRule (subsets, load balancing, outlier detection, TLS)'
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and not __fish_seen_subcommand_from gateway gw virtualservice vs destinationrule dr serviceentry se httproute service" -f -a "dr" -d 'Render a DestinationRule (subsets, load balancing, outlier detection, TLS)'
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and not __fish_seen_subcommand_from gateway gw virtualservice vs destinationrule dr serviceentry se httproute service" -f -a "serviceentry" -d 'Render a ServiceEntry for an external service (egress)'
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and not __fish_seen_subcommand_from gateway gw virtualservice vs destinationrule dr serviceentry se httproute service" -f -a "se" -d 'Render a ServiceEntry for an external service (egress)'
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and not __fish_seen_subcommand_from gateway gw virtualservice vs destinationrule dr serviceentry se httproute service" -f -a "httproute" -d 'Render a Gateway API HTTPRoute (parents, weighted backends, matches, timeout)'
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and not __fish_seen_subcommand_from gateway gw virtualservice vs destinationrule dr serviceentry se httproute service" -f -a "service" -d 'Render everything one service needs from its spec file'
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
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from gateway" -l api -d 'Which API to render: `istio` (networking.istio.io) or `gateway-api` (gateway.networking.k8s.io)' -r -f -a "istio\t''
gateway-api\t''"
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from gateway" -l gateway-class -d 'GatewayClass of a Gateway API Gateway (default `istio`)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from gateway" -s f -l filename -d 'Service spec file (YAML, see docs/service-spec.md; `-` reads stdin); flags override its values' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from gateway" -s o -l output -d 'Output format: `yaml` or `json`' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from gateway" -l output-dir -d 'Write one file per object (`<kind>-<name>.yaml`) into DIR instead of stdout' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from gateway" -l api-version -d 'Istio API version of the rendered resources: `v1` (default), `v1beta1` or `v1alpha3`' -r -f -a "v1\t''
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
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from gw" -l api -d 'Which API to render: `istio` (networking.istio.io) or `gateway-api` (gateway.networking.k8s.io)' -r -f -a "istio\t''
gateway-api\t''"
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from gw" -l gateway-class -d 'GatewayClass of a Gateway API Gateway (default `istio`)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from gw" -s f -l filename -d 'Service spec file (YAML, see docs/service-spec.md; `-` reads stdin); flags override its values' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from gw" -s o -l output -d 'Output format: `yaml` or `json`' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from gw" -l output-dir -d 'Write one file per object (`<kind>-<name>.yaml`) into DIR instead of stdout' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from gw" -l api-version -d 'Istio API version of the rendered resources: `v1` (default), `v1beta1` or `v1alpha3`' -r -f -a "v1\t''
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
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from virtualservice" -s o -l output -d 'Output format: `yaml` or `json`' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from virtualservice" -l output-dir -d 'Write one file per object (`<kind>-<name>.yaml`) into DIR instead of stdout' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from virtualservice" -l api-version -d 'Istio API version of the rendered resources: `v1` (default), `v1beta1` or `v1alpha3`' -r -f -a "v1\t''
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
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from vs" -s o -l output -d 'Output format: `yaml` or `json`' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from vs" -l output-dir -d 'Write one file per object (`<kind>-<name>.yaml`) into DIR instead of stdout' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from vs" -l api-version -d 'Istio API version of the rendered resources: `v1` (default), `v1beta1` or `v1alpha3`' -r -f -a "v1\t''
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
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from destinationrule" -s o -l output -d 'Output format: `yaml` or `json`' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from destinationrule" -l output-dir -d 'Write one file per object (`<kind>-<name>.yaml`) into DIR instead of stdout' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from destinationrule" -l api-version -d 'Istio API version of the rendered resources: `v1` (default), `v1beta1` or `v1alpha3`' -r -f -a "v1\t''
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
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from dr" -s o -l output -d 'Output format: `yaml` or `json`' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from dr" -l output-dir -d 'Write one file per object (`<kind>-<name>.yaml`) into DIR instead of stdout' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from dr" -l api-version -d 'Istio API version of the rendered resources: `v1` (default), `v1beta1` or `v1alpha3`' -r -f -a "v1\t''
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
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from serviceentry" -s o -l output -d 'Output format: `yaml` or `json`' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from serviceentry" -l output-dir -d 'Write one file per object (`<kind>-<name>.yaml`) into DIR instead of stdout' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from serviceentry" -l api-version -d 'Istio API version of the rendered resources: `v1` (default), `v1beta1` or `v1alpha3`' -r -f -a "v1\t''
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
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from se" -s o -l output -d 'Output format: `yaml` or `json`' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from se" -l output-dir -d 'Write one file per object (`<kind>-<name>.yaml`) into DIR instead of stdout' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from se" -l api-version -d 'Istio API version of the rendered resources: `v1` (default), `v1beta1` or `v1alpha3`' -r -f -a "v1\t''
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
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from httproute" -l parent -d 'Gateway the route attaches to (repeatable)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from httproute" -l service -d 'Service the route attaches to, for mesh traffic (GAMMA)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from httproute" -l hostname -d 'Host name the route answers for (repeatable; Gateway parents only)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from httproute" -l backend -d 'Backend Service and its weight in percent, `SERVICE=WEIGHT` (repeatable)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from httproute" -l port -d 'Port of the backend Services (and of `--service`)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from httproute" -l match-header -d 'Only requests with this header, `NAME=VALUE` (repeatable)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from httproute" -l path-prefix -d 'Only requests whose path starts with this prefix' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from httproute" -l timeout -d 'Request timeout (`timeouts.request`), e.g. `2s`' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from httproute" -s o -l output -d 'Output format: `yaml` or `json`' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from httproute" -l output-dir -d 'Write one file per object (`<kind>-<name>.yaml`) into DIR instead of stdout' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from httproute" -s n -l namespace -d 'Namespace of the resources (default: the context\'s namespace, then `default`)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from httproute" -l templates -d 'Directory whose templates override the built-in ones, file by file' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from httproute" -l kubeconfig -d 'Path to the kubeconfig file (default: `KUBECONFIG`, then ~/.kube/config)' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from httproute" -l context -d 'Kubeconfig context of the workload cluster' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from httproute" -l mesh-kubeconfig -d 'Kubeconfig of the mesh control plane (ASM), where Istio resources live' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from httproute" -l mesh-context -d 'Context of the mesh control plane (default: the workload context)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from httproute" -l request-timeout -d 'How long to wait for one API request, e.g. `30s`' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from httproute" -l target -d 'Mesh store: `kubernetes` (default) or `local` (see `meshctl local`)' -r -f -a "kubernetes\t'The Kubernetes cluster of the kubeconfig context'
local\t'The local mesh: files in a state directory, served by a local Envoy'"
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from httproute" -l local-dir -d 'State directory of the local mesh (default: `$XDG_DATA_HOME/meshctl/local`)' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from httproute" -l color -d 'When to use colour (`NO_COLOR` turns it off in `auto`)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from httproute" -s v -l verbose -d 'More detail on stderr (resolved queries, requests); repeat for more'
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from httproute" -s q -l quiet -d 'Only errors and data'
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from httproute" -s h -l help -d 'Print help'
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from httproute" -s V -l version -d 'Print version'
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
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from service" -s o -l output -d 'Output format: `yaml` or `json`' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from service" -l output-dir -d 'Write one file per object (`<kind>-<name>.yaml`) into DIR instead of stdout' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand render; and __fish_seen_subcommand_from service" -l api-version -d 'Istio API version of the rendered resources: `v1` (default), `v1beta1` or `v1alpha3`' -r -f -a "v1\t''
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
complete -c meshctl -n "__fish_meshctl_using_subcommand validate" -s o -l output -d 'Output format: `table`, `wide` (more columns), `json`, `yaml` or `name` (`kind/name` lines)' -r -f -a "table\t''
wide\t''
json\t''
yaml\t''
name\t''"
complete -c meshctl -n "__fish_meshctl_using_subcommand validate" -s f -l filename -d 'File, directory or `-` (stdin) with the objects; repeatable' -r -F
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
complete -c meshctl -n "__fish_meshctl_using_subcommand validate" -s R -l recursive -d 'Read the directories given with `-f` recursively'
complete -c meshctl -n "__fish_meshctl_using_subcommand validate" -l show-managed-fields -d 'Keep `metadata.managedFields` in `-o json|yaml` (hidden by default)'
complete -c meshctl -n "__fish_meshctl_using_subcommand validate" -s v -l verbose -d 'More detail on stderr (resolved queries, requests); repeat for more'
complete -c meshctl -n "__fish_meshctl_using_subcommand validate" -s q -l quiet -d 'Only errors and data'
complete -c meshctl -n "__fish_meshctl_using_subcommand validate" -s h -l help -d 'Print help'
complete -c meshctl -n "__fish_meshctl_using_subcommand validate" -s V -l version -d 'Print version'
complete -c meshctl -n "__fish_meshctl_using_subcommand analyze" -s f -l filename -d 'File, directory or `-` (stdin) with the objects; repeatable' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand analyze" -l use-cluster -d 'Read the cluster too (default: only when no `-f` is given); files replace cluster objects of the same kind, namespace and name' -r -f -a "true\t''
false\t''"
complete -c meshctl -n "__fish_meshctl_using_subcommand analyze" -l failure-threshold -d 'Lowest level that makes the exit code 79' -r -f -a "error\t''
warning\t''
info\t''"
complete -c meshctl -n "__fish_meshctl_using_subcommand analyze" -l suppress -d 'Hide findings of CODE (or `*`) on resources matching PATTERN (`Kind ns/name` or `ns/name`, `*` wildcards); repeatable' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand analyze" -s o -l output -d 'Output format: `table`, `wide` (more columns), `json`, `yaml` or `name` (`kind/name` lines)' -r -f -a "table\t''
wide\t''
json\t''
yaml\t''
name\t''"
complete -c meshctl -n "__fish_meshctl_using_subcommand analyze" -s n -l namespace -d 'Namespace of the resources (default: the context\'s namespace, then `default`)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand analyze" -l templates -d 'Directory whose templates override the built-in ones, file by file' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand analyze" -l kubeconfig -d 'Path to the kubeconfig file (default: `KUBECONFIG`, then ~/.kube/config)' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand analyze" -l context -d 'Kubeconfig context of the workload cluster' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand analyze" -l mesh-kubeconfig -d 'Kubeconfig of the mesh control plane (ASM), where Istio resources live' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand analyze" -l mesh-context -d 'Context of the mesh control plane (default: the workload context)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand analyze" -l request-timeout -d 'How long to wait for one API request, e.g. `30s`' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand analyze" -l target -d 'Mesh store: `kubernetes` (default) or `local` (see `meshctl local`)' -r -f -a "kubernetes\t'The Kubernetes cluster of the kubeconfig context'
local\t'The local mesh: files in a state directory, served by a local Envoy'"
complete -c meshctl -n "__fish_meshctl_using_subcommand analyze" -l local-dir -d 'State directory of the local mesh (default: `$XDG_DATA_HOME/meshctl/local`)' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand analyze" -l color -d 'When to use colour (`NO_COLOR` turns it off in `auto`)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c meshctl -n "__fish_meshctl_using_subcommand analyze" -s R -l recursive -d 'Read the directories given with `-f` recursively'
complete -c meshctl -n "__fish_meshctl_using_subcommand analyze" -s A -l all-namespaces -d 'Analyze every namespace of the cluster'
complete -c meshctl -n "__fish_meshctl_using_subcommand analyze" -l show-managed-fields -d 'Keep `metadata.managedFields` in `-o json|yaml` (hidden by default)'
complete -c meshctl -n "__fish_meshctl_using_subcommand analyze" -l list -d 'List the codes analyze reports, with level and description, and exit'
complete -c meshctl -n "__fish_meshctl_using_subcommand analyze" -s v -l verbose -d 'More detail on stderr (resolved queries, requests); repeat for more'
complete -c meshctl -n "__fish_meshctl_using_subcommand analyze" -s q -l quiet -d 'Only errors and data'
complete -c meshctl -n "__fish_meshctl_using_subcommand analyze" -s h -l help -d 'Print help'
complete -c meshctl -n "__fish_meshctl_using_subcommand analyze" -s V -l version -d 'Print version'
complete -c meshctl -n "__fish_meshctl_using_subcommand status" -s o -l output -d 'Output format: `table`, `wide` (more columns), `json`, `yaml` or `name` (`kind/name` lines)' -r -f -a "table\t''
wide\t''
json\t''
yaml\t''
name\t''"
complete -c meshctl -n "__fish_meshctl_using_subcommand status" -l window -d 'The traffic the figures cover: the last window' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand status" -l source -d 'Where figures come from: `envoy` (scrape the proxies\' stats twice, a window apart) or `prometheus` (ask about the last window); default: `prometheus` with `--prometheus-url`, else `envoy`' -r -f -a "envoy\t'Scrape the proxies\' `/stats/prometheus` twice, a window apart'
prometheus\t'Ask Prometheus about the last window'"
complete -c meshctl -n "__fish_meshctl_using_subcommand status" -l envoy-admin -d 'Envoy admin URL to scrape `/stats/prometheus` from (repeatable or comma-separated; default with `--target local`: the local mesh\'s Envoy)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand status" -l stats-port -d 'Pod port serving `/stats/prometheus` when scraping pods (15020 merged by the Istio agent, 15090 Envoy\'s)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand status" -l prometheus-url -d 'Prometheus base URL' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand status" -l prometheus-token-file -d 'File holding a bearer token for Prometheus (or set `MESHCTL_PROMETHEUS_TOKEN`)' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand status" -l prometheus-ca -d 'PEM file of CA certificates to trust for Prometheus' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand status" -s n -l namespace -d 'Namespace of the resources (default: the context\'s namespace, then `default`)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand status" -l templates -d 'Directory whose templates override the built-in ones, file by file' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand status" -l kubeconfig -d 'Path to the kubeconfig file (default: `KUBECONFIG`, then ~/.kube/config)' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand status" -l context -d 'Kubeconfig context of the workload cluster' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand status" -l mesh-kubeconfig -d 'Kubeconfig of the mesh control plane (ASM), where Istio resources live' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand status" -l mesh-context -d 'Context of the mesh control plane (default: the workload context)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand status" -l request-timeout -d 'How long to wait for one API request, e.g. `30s`' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand status" -l target -d 'Mesh store: `kubernetes` (default) or `local` (see `meshctl local`)' -r -f -a "kubernetes\t'The Kubernetes cluster of the kubeconfig context'
local\t'The local mesh: files in a state directory, served by a local Envoy'"
complete -c meshctl -n "__fish_meshctl_using_subcommand status" -l local-dir -d 'State directory of the local mesh (default: `$XDG_DATA_HOME/meshctl/local`)' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand status" -l color -d 'When to use colour (`NO_COLOR` turns it off in `auto`)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c meshctl -n "__fish_meshctl_using_subcommand status" -s A -l all-namespaces -d 'Services in every namespace'
complete -c meshctl -n "__fish_meshctl_using_subcommand status" -s w -l watch -d 'Redraw when something changes, until Ctrl-C'
complete -c meshctl -n "__fish_meshctl_using_subcommand status" -l show-managed-fields -d 'Keep `metadata.managedFields` in `-o json|yaml` (hidden by default)'
complete -c meshctl -n "__fish_meshctl_using_subcommand status" -s v -l verbose -d 'More detail on stderr (resolved queries, requests); repeat for more'
complete -c meshctl -n "__fish_meshctl_using_subcommand status" -s q -l quiet -d 'Only errors and data'
complete -c meshctl -n "__fish_meshctl_using_subcommand status" -s h -l help -d 'Print help'
complete -c meshctl -n "__fish_meshctl_using_subcommand status" -s V -l version -d 'Print version'
complete -c meshctl -n "__fish_meshctl_using_subcommand apply" -l dry-run -d '`client`: compute and show the result, write nothing; `server`: the API server checks it without saving; `none` (default): write' -r -f -a "none\t''
client\t''
server\t''"
complete -c meshctl -n "__fish_meshctl_using_subcommand apply" -s o -l output -d 'Print the resulting objects as `json` or `yaml`, or their names (`name`), instead of one line each' -r -f -a "table\t''
wide\t''
json\t''
yaml\t''
name\t''"
complete -c meshctl -n "__fish_meshctl_using_subcommand apply" -l concurrency -d 'How many objects to send to the server at once' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand apply" -s f -l filename -d 'File, directory or `-` (stdin) with the objects; repeatable' -r -F
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
complete -c meshctl -n "__fish_meshctl_using_subcommand apply" -s R -l recursive -d 'Read the directories given with `-f` recursively'
complete -c meshctl -n "__fish_meshctl_using_subcommand apply" -l force-conflicts -d 'Take over fields that another field manager owns instead of failing'
complete -c meshctl -n "__fish_meshctl_using_subcommand apply" -l show-managed-fields -d 'Keep `metadata.managedFields` in `-o json|yaml` (hidden by default)'
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
complete -c meshctl -n "__fish_meshctl_using_subcommand diff" -s R -l recursive -d 'Read the directories given with `-f` recursively'
complete -c meshctl -n "__fish_meshctl_using_subcommand diff" -l force-conflicts -d 'Compute the result as if fields owned by other managers were taken over'
complete -c meshctl -n "__fish_meshctl_using_subcommand diff" -s v -l verbose -d 'More detail on stderr (resolved queries, requests); repeat for more'
complete -c meshctl -n "__fish_meshctl_using_subcommand diff" -s q -l quiet -d 'Only errors and data'
complete -c meshctl -n "__fish_meshctl_using_subcommand diff" -s h -l help -d 'Print help'
complete -c meshctl -n "__fish_meshctl_using_subcommand diff" -s V -l version -d 'Print version'
complete -c meshctl -n "__fish_meshctl_using_subcommand delete" -s f -l filename -d 'File, directory or `-` (stdin) with the objects; repeatable' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand delete" -l dry-run -d '`client`: compute and show the result, write nothing; `server`: the API server checks it without saving; `none` (default): write' -r -f -a "none\t''
client\t''
server\t''"
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
complete -c meshctl -n "__fish_meshctl_using_subcommand delete" -s R -l recursive -d 'Read the directories given with `-f` recursively'
complete -c meshctl -n "__fish_meshctl_using_subcommand delete" -l ignore-not-found -d 'Treat objects that do not exist as deleted'
complete -c meshctl -n "__fish_meshctl_using_subcommand delete" -s v -l verbose -d 'More detail on stderr (resolved queries, requests); repeat for more'
complete -c meshctl -n "__fish_meshctl_using_subcommand delete" -s q -l quiet -d 'Only errors and data'
complete -c meshctl -n "__fish_meshctl_using_subcommand delete" -s h -l help -d 'Print help'
complete -c meshctl -n "__fish_meshctl_using_subcommand delete" -s V -l version -d 'Print version'
complete -c meshctl -n "__fish_meshctl_using_subcommand gateway; and not __fish_seen_subcommand_from create list delete deploy undeploy" -s n -l namespace -d 'Namespace of the resources (default: the context\'s namespace, then `default`)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand gateway; and not __fish_seen_subcommand_from create list delete deploy undeploy" -l templates -d 'Directory whose templates override the built-in ones, file by file' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand gateway; and not __fish_seen_subcommand_from create list delete deploy undeploy" -l kubeconfig -d 'Path to the kubeconfig file (default: `KUBECONFIG`, then ~/.kube/config)' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand gateway; and not __fish_seen_subcommand_from create list delete deploy undeploy" -l context -d 'Kubeconfig context of the workload cluster' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand gateway; and not __fish_seen_subcommand_from create list delete deploy undeploy" -l mesh-kubeconfig -d 'Kubeconfig of the mesh control plane (ASM), where Istio resources live' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand gateway; and not __fish_seen_subcommand_from create list delete deploy undeploy" -l mesh-context -d 'Context of the mesh control plane (default: the workload context)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand gateway; and not __fish_seen_subcommand_from create list delete deploy undeploy" -l request-timeout -d 'How long to wait for one API request, e.g. `30s`' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand gateway; and not __fish_seen_subcommand_from create list delete deploy undeploy" -l target -d 'Mesh store: `kubernetes` (default) or `local` (see `meshctl local`)' -r -f -a "kubernetes\t'The Kubernetes cluster of the kubeconfig context'
local\t'The local mesh: files in a state directory, served by a local Envoy'"
complete -c meshctl -n "__fish_meshctl_using_subcommand gateway; and not __fish_seen_subcommand_from create list delete deploy undeploy" -l local-dir -d 'State directory of the local mesh (default: `$XDG_DATA_HOME/meshctl/local`)' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand gateway; and not __fish_seen_subcommand_from create list delete deploy undeploy" -l color -d 'When to use colour (`NO_COLOR` turns it off in `auto`)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c meshctl -n "__fish_meshctl_using_subcommand gateway; and not __fish_seen_subcommand_from create list delete deploy undeploy" -s v -l verbose -d 'More detail on stderr (resolved queries, requests); repeat for more'
complete -c meshctl -n "__fish_meshctl_using_subcommand gateway; and not __fish_seen_subcommand_from create list delete deploy undeploy" -s q -l quiet -d 'Only errors and data'
complete -c meshctl -n "__fish_meshctl_using_subcommand gateway; and not __fish_seen_subcommand_from create list delete deploy undeploy" -s h -l help -d 'Print help'
complete -c meshctl -n "__fish_meshctl_using_subcommand gateway; and not __fish_seen_subcommand_from create list delete deploy undeploy" -s V -l version -d 'Print version'
complete -c meshctl -n "__fish_meshctl_using_subcommand gateway; and not __fish_seen_subcommand_from create list delete deploy undeploy" -f -a "create" -d 'Create (or update) a Gateway and a VirtualService routing its hosts'
complete -c meshctl -n "__fish_meshctl_using_subcommand gateway; and not __fish_seen_subcommand_from create list delete deploy undeploy" -f -a "list" -d 'List Gateways with their ports, hosts, TLS and the VirtualServices bound to them'
complete -c meshctl -n "__fish_meshctl_using_subcommand gateway; and not __fish_seen_subcommand_from create list delete deploy undeploy" -f -a "delete" -d 'Delete a Gateway and the VirtualService meshctl created for it'
complete -c meshctl -n "__fish_meshctl_using_subcommand gateway; and not __fish_seen_subcommand_from create list delete deploy undeploy" -f -a "deploy" -d 'Deploy a gateway workload (Deployment and Service, or ASM\'s IstioGateway)'
complete -c meshctl -n "__fish_meshctl_using_subcommand gateway; and not __fish_seen_subcommand_from create list delete deploy undeploy" -f -a "undeploy" -d 'Remove a gateway workload meshctl deployed'
complete -c meshctl -n "__fish_meshctl_using_subcommand gateway; and __fish_seen_subcommand_from create" -l host -d 'Host the gateway serves, e.g. `shop.example.com`; repeatable' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand gateway; and __fish_seen_subcommand_from create" -l port -d 'Port to listen on (default: 443 with `--tls-secret`, else 80)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand gateway; and __fish_seen_subcommand_from create" -l tls-secret -d 'Secret with the TLS certificate: serve HTTPS (TLS mode SIMPLE)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand gateway; and __fish_seen_subcommand_from create" -l route -d 'Where traffic goes: `SERVICE[:PORT]`, or `/PREFIX=SERVICE[:PORT]` for a path prefix; repeatable, prefixes are matched in order, the one without a prefix last' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand gateway; and __fish_seen_subcommand_from create" -l selector -d 'Labels of the gateway workload to bind to (default: `istio=ingressgateway`)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand gateway; and __fish_seen_subcommand_from create" -l dry-run -d '`client`: compute and show the result, write nothing; `server`: the API server checks it without saving; `none` (default): write' -r -f -a "none\t''
client\t''
server\t''"
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
complete -c meshctl -n "__fish_meshctl_using_subcommand gateway; and __fish_seen_subcommand_from create" -s v -l verbose -d 'More detail on stderr (resolved queries, requests); repeat for more'
complete -c meshctl -n "__fish_meshctl_using_subcommand gateway; and __fish_seen_subcommand_from create" -s q -l quiet -d 'Only errors and data'
complete -c meshctl -n "__fish_meshctl_using_subcommand gateway; and __fish_seen_subcommand_from create" -s h -l help -d 'Print help'
complete -c meshctl -n "__fish_meshctl_using_subcommand gateway; and __fish_seen_subcommand_from create" -s V -l version -d 'Print version'
complete -c meshctl -n "__fish_meshctl_using_subcommand gateway; and __fish_seen_subcommand_from list" -s l -l selector -d 'Only objects whose labels match, e.g. `app=reviews,tier!=canary` (as kubectl)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand gateway; and __fish_seen_subcommand_from list" -s o -l output -d 'Output format: `table`, `wide` (more columns), `json`, `yaml` or `name` (`kind/name` lines)' -r -f -a "table\t''
wide\t''
json\t''
yaml\t''
name\t''"
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
complete -c meshctl -n "__fish_meshctl_using_subcommand gateway; and __fish_seen_subcommand_from list" -s w -l watch -d 'Keep showing the list as it changes (Ctrl-C ends it)'
complete -c meshctl -n "__fish_meshctl_using_subcommand gateway; and __fish_seen_subcommand_from list" -l show-managed-fields -d 'Keep `metadata.managedFields` in `-o json|yaml` (hidden by default)'
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
complete -c meshctl -n "__fish_meshctl_using_subcommand gateway; and __fish_seen_subcommand_from deploy" -l replicas -d 'Number of gateway pods' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand gateway; and __fish_seen_subcommand_from deploy" -l service-type -d 'Service type (default: LoadBalancer, ClusterIP with `--egress`)' -r -f -a "LoadBalancer\t''
NodePort\t''
ClusterIP\t''"
complete -c meshctl -n "__fish_meshctl_using_subcommand gateway; and __fish_seen_subcommand_from deploy" -l port -d 'Port to expose; repeatable (default: 80 and 443)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand gateway; and __fish_seen_subcommand_from deploy" -l labels -d 'Pod labels `Gateway` rules select it by, comma separated (default: `istio=ingressgateway`, or `istio=egressgateway`)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand gateway; and __fish_seen_subcommand_from deploy" -l revision -d 'Inject from this Istio revision (`istio.io/rev`) instead of the default' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand gateway; and __fish_seen_subcommand_from deploy" -l dry-run -d '`client`: compute and show the result, write nothing; `server`: the API server checks it without saving; `none` (default): write' -r -f -a "none\t''
client\t''
server\t''"
complete -c meshctl -n "__fish_meshctl_using_subcommand gateway; and __fish_seen_subcommand_from deploy" -s n -l namespace -d 'Namespace of the resources (default: the context\'s namespace, then `default`)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand gateway; and __fish_seen_subcommand_from deploy" -l templates -d 'Directory whose templates override the built-in ones, file by file' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand gateway; and __fish_seen_subcommand_from deploy" -l kubeconfig -d 'Path to the kubeconfig file (default: `KUBECONFIG`, then ~/.kube/config)' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand gateway; and __fish_seen_subcommand_from deploy" -l context -d 'Kubeconfig context of the workload cluster' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand gateway; and __fish_seen_subcommand_from deploy" -l mesh-kubeconfig -d 'Kubeconfig of the mesh control plane (ASM), where Istio resources live' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand gateway; and __fish_seen_subcommand_from deploy" -l mesh-context -d 'Context of the mesh control plane (default: the workload context)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand gateway; and __fish_seen_subcommand_from deploy" -l request-timeout -d 'How long to wait for one API request, e.g. `30s`' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand gateway; and __fish_seen_subcommand_from deploy" -l target -d 'Mesh store: `kubernetes` (default) or `local` (see `meshctl local`)' -r -f -a "kubernetes\t'The Kubernetes cluster of the kubeconfig context'
local\t'The local mesh: files in a state directory, served by a local Envoy'"
complete -c meshctl -n "__fish_meshctl_using_subcommand gateway; and __fish_seen_subcommand_from deploy" -l local-dir -d 'State directory of the local mesh (default: `$XDG_DATA_HOME/meshctl/local`)' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand gateway; and __fish_seen_subcommand_from deploy" -l color -d 'When to use colour (`NO_COLOR` turns it off in `auto`)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c meshctl -n "__fish_meshctl_using_subcommand gateway; and __fish_seen_subcommand_from deploy" -l egress -d 'An egress gateway (default labels `istio=egressgateway`, service `ClusterIP`)'
complete -c meshctl -n "__fish_meshctl_using_subcommand gateway; and __fish_seen_subcommand_from deploy" -l asm -d 'Create ASM\'s `IstioGateway` on the mesh control plane instead'
complete -c meshctl -n "__fish_meshctl_using_subcommand gateway; and __fish_seen_subcommand_from deploy" -s v -l verbose -d 'More detail on stderr (resolved queries, requests); repeat for more'
complete -c meshctl -n "__fish_meshctl_using_subcommand gateway; and __fish_seen_subcommand_from deploy" -s q -l quiet -d 'Only errors and data'
complete -c meshctl -n "__fish_meshctl_using_subcommand gateway; and __fish_seen_subcommand_from deploy" -s h -l help -d 'Print help'
complete -c meshctl -n "__fish_meshctl_using_subcommand gateway; and __fish_seen_subcommand_from deploy" -s V -l version -d 'Print version'
complete -c meshctl -n "__fish_meshctl_using_subcommand gateway; and __fish_seen_subcommand_from undeploy" -s n -l namespace -d 'Namespace of the resources (default: the context\'s namespace, then `default`)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand gateway; and __fish_seen_subcommand_from undeploy" -l templates -d 'Directory whose templates override the built-in ones, file by file' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand gateway; and __fish_seen_subcommand_from undeploy" -l kubeconfig -d 'Path to the kubeconfig file (default: `KUBECONFIG`, then ~/.kube/config)' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand gateway; and __fish_seen_subcommand_from undeploy" -l context -d 'Kubeconfig context of the workload cluster' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand gateway; and __fish_seen_subcommand_from undeploy" -l mesh-kubeconfig -d 'Kubeconfig of the mesh control plane (ASM), where Istio resources live' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand gateway; and __fish_seen_subcommand_from undeploy" -l mesh-context -d 'Context of the mesh control plane (default: the workload context)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand gateway; and __fish_seen_subcommand_from undeploy" -l request-timeout -d 'How long to wait for one API request, e.g. `30s`' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand gateway; and __fish_seen_subcommand_from undeploy" -l target -d 'Mesh store: `kubernetes` (default) or `local` (see `meshctl local`)' -r -f -a "kubernetes\t'The Kubernetes cluster of the kubeconfig context'
local\t'The local mesh: files in a state directory, served by a local Envoy'"
complete -c meshctl -n "__fish_meshctl_using_subcommand gateway; and __fish_seen_subcommand_from undeploy" -l local-dir -d 'State directory of the local mesh (default: `$XDG_DATA_HOME/meshctl/local`)' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand gateway; and __fish_seen_subcommand_from undeploy" -l color -d 'When to use colour (`NO_COLOR` turns it off in `auto`)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c meshctl -n "__fish_meshctl_using_subcommand gateway; and __fish_seen_subcommand_from undeploy" -l asm -d 'Remove ASM\'s `IstioGateway` from the mesh control plane instead'
complete -c meshctl -n "__fish_meshctl_using_subcommand gateway; and __fish_seen_subcommand_from undeploy" -l ignore-not-found -d 'Succeed even if nothing was deployed under that name'
complete -c meshctl -n "__fish_meshctl_using_subcommand gateway; and __fish_seen_subcommand_from undeploy" -s v -l verbose -d 'More detail on stderr (resolved queries, requests); repeat for more'
complete -c meshctl -n "__fish_meshctl_using_subcommand gateway; and __fish_seen_subcommand_from undeploy" -s q -l quiet -d 'Only errors and data'
complete -c meshctl -n "__fish_meshctl_using_subcommand gateway; and __fish_seen_subcommand_from undeploy" -s h -l help -d 'Print help'
complete -c meshctl -n "__fish_meshctl_using_subcommand gateway; and __fish_seen_subcommand_from undeploy" -s V -l version -d 'Print version'
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and not __fish_seen_subcommand_from start step pause resume promote rollback abort retry status list report" -s n -l namespace -d 'Namespace of the resources (default: the context\'s namespace, then `default`)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and not __fish_seen_subcommand_from start step pause resume promote rollback abort retry status list report" -l templates -d 'Directory whose templates override the built-in ones, file by file' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and not __fish_seen_subcommand_from start step pause resume promote rollback abort retry status list report" -l kubeconfig -d 'Path to the kubeconfig file (default: `KUBECONFIG`, then ~/.kube/config)' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and not __fish_seen_subcommand_from start step pause resume promote rollback abort retry status list report" -l context -d 'Kubeconfig context of the workload cluster' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and not __fish_seen_subcommand_from start step pause resume promote rollback abort retry status list report" -l mesh-kubeconfig -d 'Kubeconfig of the mesh control plane (ASM), where Istio resources live' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and not __fish_seen_subcommand_from start step pause resume promote rollback abort retry status list report" -l mesh-context -d 'Context of the mesh control plane (default: the workload context)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and not __fish_seen_subcommand_from start step pause resume promote rollback abort retry status list report" -l request-timeout -d 'How long to wait for one API request, e.g. `30s`' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and not __fish_seen_subcommand_from start step pause resume promote rollback abort retry status list report" -l target -d 'Mesh store: `kubernetes` (default) or `local` (see `meshctl local`)' -r -f -a "kubernetes\t'The Kubernetes cluster of the kubeconfig context'
local\t'The local mesh: files in a state directory, served by a local Envoy'"
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and not __fish_seen_subcommand_from start step pause resume promote rollback abort retry status list report" -l local-dir -d 'State directory of the local mesh (default: `$XDG_DATA_HOME/meshctl/local`)' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and not __fish_seen_subcommand_from start step pause resume promote rollback abort retry status list report" -l color -d 'When to use colour (`NO_COLOR` turns it off in `auto`)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and not __fish_seen_subcommand_from start step pause resume promote rollback abort retry status list report" -s v -l verbose -d 'More detail on stderr (resolved queries, requests); repeat for more'
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and not __fish_seen_subcommand_from start step pause resume promote rollback abort retry status list report" -s q -l quiet -d 'Only errors and data'
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and not __fish_seen_subcommand_from start step pause resume promote rollback abort retry status list report" -s h -l help -d 'Print help'
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and not __fish_seen_subcommand_from start step pause resume promote rollback abort retry status list report" -s V -l version -d 'Print version'
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and not __fish_seen_subcommand_from start step pause resume promote rollback abort retry status list report" -f -a "start" -d 'Start a canary rollout and drive it (or set its first step with `--detach`)'
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and not __fish_seen_subcommand_from start step pause resume promote rollback abort retry status list report" -f -a "step" -d 'Judge the current step once and advance or roll back (for scheduled CI jobs)'
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and not __fish_seen_subcommand_from start step pause resume promote rollback abort retry status list report" -f -a "pause" -d 'Hold the current weights until `resume`'
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and not __fish_seen_subcommand_from start step pause resume promote rollback abort retry status list report" -f -a "resume" -d 'Continue a paused rollout (or take over one whose driver died) in the foreground'
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and not __fish_seen_subcommand_from start step pause resume promote rollback abort retry status list report" -f -a "promote" -d 'Pass the current step now; `--full` goes straight to 100%'
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and not __fish_seen_subcommand_from start step pause resume promote rollback abort retry status list report" -f -a "rollback" -d 'Put the routes back as they were before the rollout'
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and not __fish_seen_subcommand_from start step pause resume promote rollback abort retry status list report" -f -a "abort" -d 'Stop the rollout and put the routes back, recorded as aborted (not judged bad)'
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and not __fish_seen_subcommand_from start step pause resume promote rollback abort retry status list report" -f -a "retry" -d 'Start a rolled back or aborted rollout again from its recorded spec'
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and not __fish_seen_subcommand_from start step pause resume promote rollback abort retry status list report" -f -a "status" -d 'Show a rollout; `--watch` waits until it settles (a CI gate)'
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and not __fish_seen_subcommand_from start step pause resume promote rollback abort retry status list report" -f -a "list" -d 'List the rollouts in the namespace'
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and not __fish_seen_subcommand_from start step pause resume promote rollback abort retry status list report" -f -a "report" -d 'Write a rollout\'s report: one HTML file with its figures, verdicts and hooks'
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and __fish_seen_subcommand_from start" -l canary -d 'The new version\'s subset' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and __fish_seen_subcommand_from start" -l stable -d 'The current version\'s subset (default: the one the route sends traffic to)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and __fish_seen_subcommand_from start" -l stable-host -d 'Shift between two hosts (Services) instead of subsets: the current one' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and __fish_seen_subcommand_from start" -l canary-host -d 'Shift between two hosts: the new one (on an HTTPRoute, alone: the Service its rule sends to is the stable one)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and __fish_seen_subcommand_from start" -l steps -d 'The new version\'s weight at each step, in percent' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and __fish_seen_subcommand_from start" -l plan -d 'A step plan file (setWeight, pause, analysis steps; see docs/plan.md) instead of `--steps` and the analysis flags' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and __fish_seen_subcommand_from start" -l sticky-cookie -d 'Keep a user the weights sent to the canary on it while the weight grows: the canary\'s answers set this cookie, and a route of meshctl\'s follows it' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and __fish_seen_subcommand_from start" -l step-weight -d 'Steps of this weight ...' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and __fish_seen_subcommand_from start" -l max-weight -d '... up to this weight' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and __fish_seen_subcommand_from start" -l interval -d 'How long each step is held and judged' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and __fish_seen_subcommand_from start" -l timeout -d 'Fail a step not judged successful within this time' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and __fish_seen_subcommand_from start" -l route -d 'The route to shift, by name, when several send traffic to the stable subset' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and __fish_seen_subcommand_from start" -l canary-labels -d 'Create or extend the canary\'s DestinationRule subset with these pod labels' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and __fish_seen_subcommand_from start" -l finish -d 'After promotion: keep the old destination at weight 0, or remove it (with `--image` the old Deployment is also scaled to 0 after `--scale-down-delay`); or `primary`: the stable Deployment gets the new image and all traffic again' -r -f -a "keep\t''
remove\t''
primary\t''"
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and __fish_seen_subcommand_from start" -l max-inconclusive -d 'Inconclusive judgements of one step before the policy applies' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and __fish_seen_subcommand_from start" -l on-inconclusive -d 'Pause (for a person) or fail when `--max-inconclusive` is reached' -r -f -a "pause\t''
fail\t''"
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and __fish_seen_subcommand_from start" -l dry-run -d '`client`: compute and show the result, write nothing; `server`: the API server checks it without saving; `none` (default): write' -r -f -a "none\t''
client\t''
server\t''"
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and __fish_seen_subcommand_from start" -l image -d 'Create the new version\'s Deployment as a copy of the stable one with this image, and wait until it is ready before moving traffic' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and __fish_seen_subcommand_from start" -l container -d 'The container whose image changes (default: the first)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and __fish_seen_subcommand_from start" -l replicas -d 'Copies of the new version (default: the stable Deployment\'s)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and __fish_seen_subcommand_from start" -l from-deployment -d 'The stable Deployment, when the stable subset\'s labels do not find exactly one' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and __fish_seen_subcommand_from start" -l canary-deployment -d 'The new version\'s Deployment (default: SERVICE-SUBSET, e.g. `reviews-v2`)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and __fish_seen_subcommand_from start" -l ready-timeout -d 'How long to wait until a Deployment\'s pods are Ready' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and __fish_seen_subcommand_from start" -l scale-down-delay -d 'After promotion with `--finish keep|remove`: how long the old Deployment keeps running (a revert stays instant) before it is scaled to zero' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and __fish_seen_subcommand_from start" -l cleanup -d 'After a rollback or abort: scale the new Deployment to zero (kept for inspection) or delete it' -r -f -a "scale-down\t''
delete\t''"
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and __fish_seen_subcommand_from start" -l analysis -d 'Analysis spec file (see docs/analysis.md); the flags below override it' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and __fish_seen_subcommand_from start" -l min-success-rate -d 'Fail a step when the new version answers less than this percent without 5xx' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and __fish_seen_subcommand_from start" -l max-p99 -d 'Fail a step when the new version\'s p99 latency is above this' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and __fish_seen_subcommand_from start" -l min-rps -d 'Fail a step when the new version gets fewer requests per second than this' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and __fish_seen_subcommand_from start" -l min-requests -d 'Fewer requests than this in a window is no data, not a verdict' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and __fish_seen_subcommand_from start" -l analysis-window -d 'How much traffic one analysis round judges (default: the step\'s `--interval`, at most 1m)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and __fish_seen_subcommand_from start" -l analysis-interval -d 'Time between analysis rounds (default: half the window, within the step)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and __fish_seen_subcommand_from start" -l alpha -d 'Sequential judgement: the chance of rolling back a canary that errs exactly at the allowed rate (default 0.01)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and __fish_seen_subcommand_from start" -l beta -d 'Sequential judgement: the chance of missing a canary that errs at the allowed rate plus `--min-detectable-increase` (default 0.05)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and __fish_seen_subcommand_from start" -l min-detectable-increase -d 'Sequential judgement: the increase of the error rate worth detecting, in percentage points over what `--min-success-rate` allows (default 10)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and __fish_seen_subcommand_from start" -l min-detectable-shift -d 'Sequential judgement: how far above one half the chance that a canary request is slower than a stable one must be to roll back, with `compareToStable.maxLatencyIncrease` (default 0.1: slower in 60% of pairs)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and __fish_seen_subcommand_from start" -l source -d 'Where figures come from: `envoy` (scrape the proxies\' stats twice, a window apart) or `prometheus` (ask about the last window); default: `prometheus` with `--prometheus-url`, else `envoy`' -r -f -a "envoy\t'Scrape the proxies\' `/stats/prometheus` twice, a window apart'
prometheus\t'Ask Prometheus about the last window'"
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and __fish_seen_subcommand_from start" -l envoy-admin -d 'Envoy admin URL to scrape `/stats/prometheus` from (repeatable or comma-separated; default with `--target local`: the local mesh\'s Envoy)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and __fish_seen_subcommand_from start" -l stats-port -d 'Pod port serving `/stats/prometheus` when scraping pods (15020 merged by the Istio agent, 15090 Envoy\'s)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and __fish_seen_subcommand_from start" -l prometheus-url -d 'Prometheus base URL' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and __fish_seen_subcommand_from start" -l prometheus-token-file -d 'File holding a bearer token for Prometheus (or set `MESHCTL_PROMETHEUS_TOKEN`)' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and __fish_seen_subcommand_from start" -l prometheus-ca -d 'PEM file of CA certificates to trust for Prometheus' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and __fish_seen_subcommand_from start" -l lock-ttl -d 'How long the lock outlives a silent driver (renewed every third of it while running; at least 1.5 times `--request-timeout`)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and __fish_seen_subcommand_from start" -l outage-timeout -d 'How long reads and writes keep retrying an API server that does not answer (restarts, 5xx, 429) before the command gives up' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and __fish_seen_subcommand_from start" -s o -l output -d 'Progress as JSON Lines on stdout (`json`) instead of lines for people' -r -f -a "json\t''"
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and __fish_seen_subcommand_from start" -l api -d 'The object the rollout shifts: `istio` (the VirtualService SERVICE) or `gateway-api` (the HTTPRoute SERVICE). A new rollout defaults to `istio`; the other commands find the one carrying the rollout' -r -f -a "istio\t''
gateway-api\t''"
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and __fish_seen_subcommand_from start" -l webhook -d 'Call URL at a hook point (repeatable). TYPE: confirm-rollout, pre-rollout, rollout, confirm-traffic-increase, confirm-promotion, post-rollout, rollback. A URL with a token must come from --webhook-file' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and __fish_seen_subcommand_from start" -l webhook-file -d 'Like --webhook, the URL read from FILE each time the hook is called' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and __fish_seen_subcommand_from start" -l webhook-env -d 'Like --webhook, the URL read from the environment variable VAR when called' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and __fish_seen_subcommand_from start" -l hook-timeout -d 'How long one webhook call may take (unless the hook says)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and __fish_seen_subcommand_from start" -l hook-retries -d 'Extra attempts of a failed webhook call (unless the hook says)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and __fish_seen_subcommand_from start" -l gate-interval -d 'How often a closed gate is asked again' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and __fish_seen_subcommand_from start" -l notify -d 'Tell a channel of every step, pause, promotion and rollback: `slack=FILE`, `dingtalk=FILE`, `feishu=FILE` (the file holds the robot\'s URL and secret) or `webhook=URL`; repeatable (docs/notifications.md)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and __fish_seen_subcommand_from start" -l report -d 'When the rollout ends (whatever the end), write its report (one HTML file, see docs/report.md) to FILE; `-` for stdout' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and __fish_seen_subcommand_from start" -s n -l namespace -d 'Namespace of the resources (default: the context\'s namespace, then `default`)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and __fish_seen_subcommand_from start" -l templates -d 'Directory whose templates override the built-in ones, file by file' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and __fish_seen_subcommand_from start" -l kubeconfig -d 'Path to the kubeconfig file (default: `KUBECONFIG`, then ~/.kube/config)' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and __fish_seen_subcommand_from start" -l context -d 'Kubeconfig context of the workload cluster' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and __fish_seen_subcommand_from start" -l mesh-kubeconfig -d 'Kubeconfig of the mesh control plane (ASM), where Istio resources live' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and __fish_seen_subcommand_from start" -l mesh-context -d 'Context of the mesh control plane (default: the workload context)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and __fish_seen_subcommand_from start" -l request-timeout -d 'How long to wait for one API request, e.g. `30s`' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and __fish_seen_subcommand_from start" -l target -d 'Mesh store: `kubernetes` (default) or `local` (see `meshctl local`)' -r -f -a "kubernetes\t'The Kubernetes cluster of the kubeconfig context'
local\t'The local mesh: files in a state directory, served by a local Envoy'"
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and __fish_seen_subcommand_from start" -l local-dir -d 'State directory of the local mesh (default: `$XDG_DATA_HOME/meshctl/local`)' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and __fish_seen_subcommand_from start" -l color -d 'When to use colour (`NO_COLOR` turns it off in `auto`)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and __fish_seen_subcommand_from start" -l pause-before-promote -d 'After the last step, wait for `canary promote`'
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and __fish_seen_subcommand_from start" -l detach -d 'Set the first step and return; `canary step` moves it on'
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and __fish_seen_subcommand_from start" -l force -d 'Replace an unfinished rollout or take a live lock, and move traffic although a check before the first step failed (says what it overrides)'
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and __fish_seen_subcommand_from start" -l early-promote -d 'End a step early when the sequential tests show it healthy (default: every step holds its `--interval`)'
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and __fish_seen_subcommand_from start" -s v -l verbose -d 'More detail on stderr (resolved queries, requests); repeat for more'
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and __fish_seen_subcommand_from start" -s q -l quiet -d 'Only errors and data'
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and __fish_seen_subcommand_from start" -s h -l help -d 'Print help'
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and __fish_seen_subcommand_from start" -s V -l version -d 'Print version'
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and __fish_seen_subcommand_from step" -l source -d 'Where figures come from: `envoy` (scrape the proxies\' stats twice, a window apart) or `prometheus` (ask about the last window); default: `prometheus` with `--prometheus-url`, else `envoy`' -r -f -a "envoy\t'Scrape the proxies\' `/stats/prometheus` twice, a window apart'
prometheus\t'Ask Prometheus about the last window'"
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and __fish_seen_subcommand_from step" -l envoy-admin -d 'Envoy admin URL to scrape `/stats/prometheus` from (repeatable or comma-separated; default with `--target local`: the local mesh\'s Envoy)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and __fish_seen_subcommand_from step" -l stats-port -d 'Pod port serving `/stats/prometheus` when scraping pods (15020 merged by the Istio agent, 15090 Envoy\'s)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and __fish_seen_subcommand_from step" -l prometheus-url -d 'Prometheus base URL' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and __fish_seen_subcommand_from step" -l prometheus-token-file -d 'File holding a bearer token for Prometheus (or set `MESHCTL_PROMETHEUS_TOKEN`)' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and __fish_seen_subcommand_from step" -l prometheus-ca -d 'PEM file of CA certificates to trust for Prometheus' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and __fish_seen_subcommand_from step" -l lock-ttl -d 'How long the lock outlives a silent driver (renewed every third of it while running; at least 1.5 times `--request-timeout`)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and __fish_seen_subcommand_from step" -l outage-timeout -d 'How long reads and writes keep retrying an API server that does not answer (restarts, 5xx, 429) before the command gives up' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and __fish_seen_subcommand_from step" -s o -l output -d 'Progress as JSON Lines on stdout (`json`) instead of lines for people' -r -f -a "json\t''"
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and __fish_seen_subcommand_from step" -l api -d 'The object the rollout shifts: `istio` (the VirtualService SERVICE) or `gateway-api` (the HTTPRoute SERVICE). A new rollout defaults to `istio`; the other commands find the one carrying the rollout' -r -f -a "istio\t''
gateway-api\t''"
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and __fish_seen_subcommand_from step" -s n -l namespace -d 'Namespace of the resources (default: the context\'s namespace, then `default`)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and __fish_seen_subcommand_from step" -l templates -d 'Directory whose templates override the built-in ones, file by file' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and __fish_seen_subcommand_from step" -l kubeconfig -d 'Path to the kubeconfig file (default: `KUBECONFIG`, then ~/.kube/config)' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and __fish_seen_subcommand_from step" -l context -d 'Kubeconfig context of the workload cluster' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and __fish_seen_subcommand_from step" -l mesh-kubeconfig -d 'Kubeconfig of the mesh control plane (ASM), where Istio resources live' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and __fish_seen_subcommand_from step" -l mesh-context -d 'Context of the mesh control plane (default: the workload context)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and __fish_seen_subcommand_from step" -l request-timeout -d 'How long to wait for one API request, e.g. `30s`' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and __fish_seen_subcommand_from step" -l target -d 'Mesh store: `kubernetes` (default) or `local` (see `meshctl local`)' -r -f -a "kubernetes\t'The Kubernetes cluster of the kubeconfig context'
local\t'The local mesh: files in a state directory, served by a local Envoy'"
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and __fish_seen_subcommand_from step" -l local-dir -d 'State directory of the local mesh (default: `$XDG_DATA_HOME/meshctl/local`)' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and __fish_seen_subcommand_from step" -l color -d 'When to use colour (`NO_COLOR` turns it off in `auto`)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and __fish_seen_subcommand_from step" -s v -l verbose -d 'More detail on stderr (resolved queries, requests); repeat for more'
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and __fish_seen_subcommand_from step" -s q -l quiet -d 'Only errors and data'
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and __fish_seen_subcommand_from step" -s h -l help -d 'Print help'
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and __fish_seen_subcommand_from step" -s V -l version -d 'Print version'
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and __fish_seen_subcommand_from pause" -l lock-ttl -d 'How long the lock outlives a silent driver (renewed every third of it while running; at least 1.5 times `--request-timeout`)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and __fish_seen_subcommand_from pause" -l outage-timeout -d 'How long reads and writes keep retrying an API server that does not answer (restarts, 5xx, 429) before the command gives up' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and __fish_seen_subcommand_from pause" -s o -l output -d 'Progress as JSON Lines on stdout (`json`) instead of lines for people' -r -f -a "json\t''"
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and __fish_seen_subcommand_from pause" -l api -d 'The object the rollout shifts: `istio` (the VirtualService SERVICE) or `gateway-api` (the HTTPRoute SERVICE). A new rollout defaults to `istio`; the other commands find the one carrying the rollout' -r -f -a "istio\t''
gateway-api\t''"
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and __fish_seen_subcommand_from pause" -s n -l namespace -d 'Namespace of the resources (default: the context\'s namespace, then `default`)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and __fish_seen_subcommand_from pause" -l templates -d 'Directory whose templates override the built-in ones, file by file' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and __fish_seen_subcommand_from pause" -l kubeconfig -d 'Path to the kubeconfig file (default: `KUBECONFIG`, then ~/.kube/config)' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and __fish_seen_subcommand_from pause" -l context -d 'Kubeconfig context of the workload cluster' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and __fish_seen_subcommand_from pause" -l mesh-kubeconfig -d 'Kubeconfig of the mesh control plane (ASM), where Istio resources live' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and __fish_seen_subcommand_from pause" -l mesh-context -d 'Context of the mesh control plane (default: the workload context)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and __fish_seen_subcommand_from pause" -l request-timeout -d 'How long to wait for one API request, e.g. `30s`' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and __fish_seen_subcommand_from pause" -l target -d 'Mesh store: `kubernetes` (default) or `local` (see `meshctl local`)' -r -f -a "kubernetes\t'The Kubernetes cluster of the kubeconfig context'
local\t'The local mesh: files in a state directory, served by a local Envoy'"
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and __fish_seen_subcommand_from pause" -l local-dir -d 'State directory of the local mesh (default: `$XDG_DATA_HOME/meshctl/local`)' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and __fish_seen_subcommand_from pause" -l color -d 'When to use colour (`NO_COLOR` turns it off in `auto`)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and __fish_seen_subcommand_from pause" -s v -l verbose -d 'More detail on stderr (resolved queries, requests); repeat for more'
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and __fish_seen_subcommand_from pause" -s q -l quiet -d 'Only errors and data'
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and __fish_seen_subcommand_from pause" -s h -l help -d 'Print help'
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and __fish_seen_subcommand_from pause" -s V -l version -d 'Print version'
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and __fish_seen_subcommand_from resume" -l source -d 'Where figures come from: `envoy` (scrape the proxies\' stats twice, a window apart) or `prometheus` (ask about the last window); default: `prometheus` with `--prometheus-url`, else `envoy`' -r -f -a "envoy\t'Scrape the proxies\' `/stats/prometheus` twice, a window apart'
prometheus\t'Ask Prometheus about the last window'"
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and __fish_seen_subcommand_from resume" -l envoy-admin -d 'Envoy admin URL to scrape `/stats/prometheus` from (repeatable or comma-separated; default with `--target local`: the local mesh\'s Envoy)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and __fish_seen_subcommand_from resume" -l stats-port -d 'Pod port serving `/stats/prometheus` when scraping pods (15020 merged by the Istio agent, 15090 Envoy\'s)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and __fish_seen_subcommand_from resume" -l prometheus-url -d 'Prometheus base URL' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and __fish_seen_subcommand_from resume" -l prometheus-token-file -d 'File holding a bearer token for Prometheus (or set `MESHCTL_PROMETHEUS_TOKEN`)' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and __fish_seen_subcommand_from resume" -l prometheus-ca -d 'PEM file of CA certificates to trust for Prometheus' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and __fish_seen_subcommand_from resume" -l lock-ttl -d 'How long the lock outlives a silent driver (renewed every third of it while running; at least 1.5 times `--request-timeout`)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and __fish_seen_subcommand_from resume" -l outage-timeout -d 'How long reads and writes keep retrying an API server that does not answer (restarts, 5xx, 429) before the command gives up' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and __fish_seen_subcommand_from resume" -s o -l output -d 'Progress as JSON Lines on stdout (`json`) instead of lines for people' -r -f -a "json\t''"
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and __fish_seen_subcommand_from resume" -l api -d 'The object the rollout shifts: `istio` (the VirtualService SERVICE) or `gateway-api` (the HTTPRoute SERVICE). A new rollout defaults to `istio`; the other commands find the one carrying the rollout' -r -f -a "istio\t''
gateway-api\t''"
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and __fish_seen_subcommand_from resume" -s n -l namespace -d 'Namespace of the resources (default: the context\'s namespace, then `default`)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and __fish_seen_subcommand_from resume" -l templates -d 'Directory whose templates override the built-in ones, file by file' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and __fish_seen_subcommand_from resume" -l kubeconfig -d 'Path to the kubeconfig file (default: `KUBECONFIG`, then ~/.kube/config)' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and __fish_seen_subcommand_from resume" -l context -d 'Kubeconfig context of the workload cluster' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and __fish_seen_subcommand_from resume" -l mesh-kubeconfig -d 'Kubeconfig of the mesh control plane (ASM), where Istio resources live' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and __fish_seen_subcommand_from resume" -l mesh-context -d 'Context of the mesh control plane (default: the workload context)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and __fish_seen_subcommand_from resume" -l request-timeout -d 'How long to wait for one API request, e.g. `30s`' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and __fish_seen_subcommand_from resume" -l target -d 'Mesh store: `kubernetes` (default) or `local` (see `meshctl local`)' -r -f -a "kubernetes\t'The Kubernetes cluster of the kubeconfig context'
local\t'The local mesh: files in a state directory, served by a local Envoy'"
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and __fish_seen_subcommand_from resume" -l local-dir -d 'State directory of the local mesh (default: `$XDG_DATA_HOME/meshctl/local`)' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and __fish_seen_subcommand_from resume" -l color -d 'When to use colour (`NO_COLOR` turns it off in `auto`)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and __fish_seen_subcommand_from resume" -l force -d 'Take the lock even while another driver holds it (says whose it was)'
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and __fish_seen_subcommand_from resume" -l detach -d 'Resume and return; `step` moves it on'
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and __fish_seen_subcommand_from resume" -s v -l verbose -d 'More detail on stderr (resolved queries, requests); repeat for more'
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and __fish_seen_subcommand_from resume" -s q -l quiet -d 'Only errors and data'
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and __fish_seen_subcommand_from resume" -s h -l help -d 'Print help'
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and __fish_seen_subcommand_from resume" -s V -l version -d 'Print version'
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and __fish_seen_subcommand_from promote" -l lock-ttl -d 'How long the lock outlives a silent driver (renewed every third of it while running; at least 1.5 times `--request-timeout`)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and __fish_seen_subcommand_from promote" -l outage-timeout -d 'How long reads and writes keep retrying an API server that does not answer (restarts, 5xx, 429) before the command gives up' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and __fish_seen_subcommand_from promote" -s o -l output -d 'Progress as JSON Lines on stdout (`json`) instead of lines for people' -r -f -a "json\t''"
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and __fish_seen_subcommand_from promote" -l api -d 'The object the rollout shifts: `istio` (the VirtualService SERVICE) or `gateway-api` (the HTTPRoute SERVICE). A new rollout defaults to `istio`; the other commands find the one carrying the rollout' -r -f -a "istio\t''
gateway-api\t''"
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and __fish_seen_subcommand_from promote" -s n -l namespace -d 'Namespace of the resources (default: the context\'s namespace, then `default`)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and __fish_seen_subcommand_from promote" -l templates -d 'Directory whose templates override the built-in ones, file by file' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and __fish_seen_subcommand_from promote" -l kubeconfig -d 'Path to the kubeconfig file (default: `KUBECONFIG`, then ~/.kube/config)' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and __fish_seen_subcommand_from promote" -l context -d 'Kubeconfig context of the workload cluster' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and __fish_seen_subcommand_from promote" -l mesh-kubeconfig -d 'Kubeconfig of the mesh control plane (ASM), where Istio resources live' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and __fish_seen_subcommand_from promote" -l mesh-context -d 'Context of the mesh control plane (default: the workload context)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and __fish_seen_subcommand_from promote" -l request-timeout -d 'How long to wait for one API request, e.g. `30s`' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and __fish_seen_subcommand_from promote" -l target -d 'Mesh store: `kubernetes` (default) or `local` (see `meshctl local`)' -r -f -a "kubernetes\t'The Kubernetes cluster of the kubeconfig context'
local\t'The local mesh: files in a state directory, served by a local Envoy'"
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and __fish_seen_subcommand_from promote" -l local-dir -d 'State directory of the local mesh (default: `$XDG_DATA_HOME/meshctl/local`)' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and __fish_seen_subcommand_from promote" -l color -d 'When to use colour (`NO_COLOR` turns it off in `auto`)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and __fish_seen_subcommand_from promote" -l full -d 'Skip the remaining steps and finish'
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and __fish_seen_subcommand_from promote" -s v -l verbose -d 'More detail on stderr (resolved queries, requests); repeat for more'
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and __fish_seen_subcommand_from promote" -s q -l quiet -d 'Only errors and data'
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and __fish_seen_subcommand_from promote" -s h -l help -d 'Print help'
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and __fish_seen_subcommand_from promote" -s V -l version -d 'Print version'
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and __fish_seen_subcommand_from rollback" -l reason -d 'Why, for the record and the event' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and __fish_seen_subcommand_from rollback" -l lock-ttl -d 'How long the lock outlives a silent driver (renewed every third of it while running; at least 1.5 times `--request-timeout`)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and __fish_seen_subcommand_from rollback" -l outage-timeout -d 'How long reads and writes keep retrying an API server that does not answer (restarts, 5xx, 429) before the command gives up' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and __fish_seen_subcommand_from rollback" -s o -l output -d 'Progress as JSON Lines on stdout (`json`) instead of lines for people' -r -f -a "json\t''"
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and __fish_seen_subcommand_from rollback" -l api -d 'The object the rollout shifts: `istio` (the VirtualService SERVICE) or `gateway-api` (the HTTPRoute SERVICE). A new rollout defaults to `istio`; the other commands find the one carrying the rollout' -r -f -a "istio\t''
gateway-api\t''"
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and __fish_seen_subcommand_from rollback" -s n -l namespace -d 'Namespace of the resources (default: the context\'s namespace, then `default`)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and __fish_seen_subcommand_from rollback" -l templates -d 'Directory whose templates override the built-in ones, file by file' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and __fish_seen_subcommand_from rollback" -l kubeconfig -d 'Path to the kubeconfig file (default: `KUBECONFIG`, then ~/.kube/config)' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and __fish_seen_subcommand_from rollback" -l context -d 'Kubeconfig context of the workload cluster' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and __fish_seen_subcommand_from rollback" -l mesh-kubeconfig -d 'Kubeconfig of the mesh control plane (ASM), where Istio resources live' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and __fish_seen_subcommand_from rollback" -l mesh-context -d 'Context of the mesh control plane (default: the workload context)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and __fish_seen_subcommand_from rollback" -l request-timeout -d 'How long to wait for one API request, e.g. `30s`' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and __fish_seen_subcommand_from rollback" -l target -d 'Mesh store: `kubernetes` (default) or `local` (see `meshctl local`)' -r -f -a "kubernetes\t'The Kubernetes cluster of the kubeconfig context'
local\t'The local mesh: files in a state directory, served by a local Envoy'"
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and __fish_seen_subcommand_from rollback" -l local-dir -d 'State directory of the local mesh (default: `$XDG_DATA_HOME/meshctl/local`)' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and __fish_seen_subcommand_from rollback" -l color -d 'When to use colour (`NO_COLOR` turns it off in `auto`)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and __fish_seen_subcommand_from rollback" -s v -l verbose -d 'More detail on stderr (resolved queries, requests); repeat for more'
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and __fish_seen_subcommand_from rollback" -s q -l quiet -d 'Only errors and data'
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and __fish_seen_subcommand_from rollback" -s h -l help -d 'Print help'
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and __fish_seen_subcommand_from rollback" -s V -l version -d 'Print version'
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and __fish_seen_subcommand_from abort" -l lock-ttl -d 'How long the lock outlives a silent driver (renewed every third of it while running; at least 1.5 times `--request-timeout`)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and __fish_seen_subcommand_from abort" -l outage-timeout -d 'How long reads and writes keep retrying an API server that does not answer (restarts, 5xx, 429) before the command gives up' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and __fish_seen_subcommand_from abort" -s o -l output -d 'Progress as JSON Lines on stdout (`json`) instead of lines for people' -r -f -a "json\t''"
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and __fish_seen_subcommand_from abort" -l api -d 'The object the rollout shifts: `istio` (the VirtualService SERVICE) or `gateway-api` (the HTTPRoute SERVICE). A new rollout defaults to `istio`; the other commands find the one carrying the rollout' -r -f -a "istio\t''
gateway-api\t''"
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and __fish_seen_subcommand_from abort" -s n -l namespace -d 'Namespace of the resources (default: the context\'s namespace, then `default`)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and __fish_seen_subcommand_from abort" -l templates -d 'Directory whose templates override the built-in ones, file by file' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and __fish_seen_subcommand_from abort" -l kubeconfig -d 'Path to the kubeconfig file (default: `KUBECONFIG`, then ~/.kube/config)' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and __fish_seen_subcommand_from abort" -l context -d 'Kubeconfig context of the workload cluster' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and __fish_seen_subcommand_from abort" -l mesh-kubeconfig -d 'Kubeconfig of the mesh control plane (ASM), where Istio resources live' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and __fish_seen_subcommand_from abort" -l mesh-context -d 'Context of the mesh control plane (default: the workload context)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and __fish_seen_subcommand_from abort" -l request-timeout -d 'How long to wait for one API request, e.g. `30s`' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and __fish_seen_subcommand_from abort" -l target -d 'Mesh store: `kubernetes` (default) or `local` (see `meshctl local`)' -r -f -a "kubernetes\t'The Kubernetes cluster of the kubeconfig context'
local\t'The local mesh: files in a state directory, served by a local Envoy'"
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and __fish_seen_subcommand_from abort" -l local-dir -d 'State directory of the local mesh (default: `$XDG_DATA_HOME/meshctl/local`)' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and __fish_seen_subcommand_from abort" -l color -d 'When to use colour (`NO_COLOR` turns it off in `auto`)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and __fish_seen_subcommand_from abort" -s v -l verbose -d 'More detail on stderr (resolved queries, requests); repeat for more'
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and __fish_seen_subcommand_from abort" -s q -l quiet -d 'Only errors and data'
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and __fish_seen_subcommand_from abort" -s h -l help -d 'Print help'
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and __fish_seen_subcommand_from abort" -s V -l version -d 'Print version'
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and __fish_seen_subcommand_from retry" -l source -d 'Where figures come from: `envoy` (scrape the proxies\' stats twice, a window apart) or `prometheus` (ask about the last window); default: `prometheus` with `--prometheus-url`, else `envoy`' -r -f -a "envoy\t'Scrape the proxies\' `/stats/prometheus` twice, a window apart'
prometheus\t'Ask Prometheus about the last window'"
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and __fish_seen_subcommand_from retry" -l envoy-admin -d 'Envoy admin URL to scrape `/stats/prometheus` from (repeatable or comma-separated; default with `--target local`: the local mesh\'s Envoy)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and __fish_seen_subcommand_from retry" -l stats-port -d 'Pod port serving `/stats/prometheus` when scraping pods (15020 merged by the Istio agent, 15090 Envoy\'s)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and __fish_seen_subcommand_from retry" -l prometheus-url -d 'Prometheus base URL' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and __fish_seen_subcommand_from retry" -l prometheus-token-file -d 'File holding a bearer token for Prometheus (or set `MESHCTL_PROMETHEUS_TOKEN`)' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and __fish_seen_subcommand_from retry" -l prometheus-ca -d 'PEM file of CA certificates to trust for Prometheus' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and __fish_seen_subcommand_from retry" -l lock-ttl -d 'How long the lock outlives a silent driver (renewed every third of it while running; at least 1.5 times `--request-timeout`)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and __fish_seen_subcommand_from retry" -l outage-timeout -d 'How long reads and writes keep retrying an API server that does not answer (restarts, 5xx, 429) before the command gives up' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and __fish_seen_subcommand_from retry" -s o -l output -d 'Progress as JSON Lines on stdout (`json`) instead of lines for people' -r -f -a "json\t''"
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and __fish_seen_subcommand_from retry" -l api -d 'The object the rollout shifts: `istio` (the VirtualService SERVICE) or `gateway-api` (the HTTPRoute SERVICE). A new rollout defaults to `istio`; the other commands find the one carrying the rollout' -r -f -a "istio\t''
gateway-api\t''"
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and __fish_seen_subcommand_from retry" -s n -l namespace -d 'Namespace of the resources (default: the context\'s namespace, then `default`)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and __fish_seen_subcommand_from retry" -l templates -d 'Directory whose templates override the built-in ones, file by file' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and __fish_seen_subcommand_from retry" -l kubeconfig -d 'Path to the kubeconfig file (default: `KUBECONFIG`, then ~/.kube/config)' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and __fish_seen_subcommand_from retry" -l context -d 'Kubeconfig context of the workload cluster' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and __fish_seen_subcommand_from retry" -l mesh-kubeconfig -d 'Kubeconfig of the mesh control plane (ASM), where Istio resources live' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and __fish_seen_subcommand_from retry" -l mesh-context -d 'Context of the mesh control plane (default: the workload context)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and __fish_seen_subcommand_from retry" -l request-timeout -d 'How long to wait for one API request, e.g. `30s`' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and __fish_seen_subcommand_from retry" -l target -d 'Mesh store: `kubernetes` (default) or `local` (see `meshctl local`)' -r -f -a "kubernetes\t'The Kubernetes cluster of the kubeconfig context'
local\t'The local mesh: files in a state directory, served by a local Envoy'"
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and __fish_seen_subcommand_from retry" -l local-dir -d 'State directory of the local mesh (default: `$XDG_DATA_HOME/meshctl/local`)' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and __fish_seen_subcommand_from retry" -l color -d 'When to use colour (`NO_COLOR` turns it off in `auto`)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and __fish_seen_subcommand_from retry" -l force -d 'Move traffic although a check before the first step fails'
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and __fish_seen_subcommand_from retry" -l detach -d 'Set the first step and return; `step` moves it on'
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and __fish_seen_subcommand_from retry" -s v -l verbose -d 'More detail on stderr (resolved queries, requests); repeat for more'
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and __fish_seen_subcommand_from retry" -s q -l quiet -d 'Only errors and data'
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and __fish_seen_subcommand_from retry" -s h -l help -d 'Print help'
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and __fish_seen_subcommand_from retry" -s V -l version -d 'Print version'
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and __fish_seen_subcommand_from status" -l timeout -d 'Give up waiting after this long (exit 1); implies `--watch`' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and __fish_seen_subcommand_from status" -l poll -d 'How often to read the record while watching' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and __fish_seen_subcommand_from status" -l api -d 'Whose rollout: `istio` (the VirtualService SERVICE) or `gateway-api` (the HTTPRoute SERVICE); default: the one carrying a rollout' -r -f -a "istio\t''
gateway-api\t''"
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and __fish_seen_subcommand_from status" -s o -l output -d 'Output format: `table`, `wide` (more columns), `json`, `yaml` or `name` (`kind/name` lines)' -r -f -a "table\t''
wide\t''
json\t''
yaml\t''
name\t''"
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and __fish_seen_subcommand_from status" -s n -l namespace -d 'Namespace of the resources (default: the context\'s namespace, then `default`)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and __fish_seen_subcommand_from status" -l templates -d 'Directory whose templates override the built-in ones, file by file' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and __fish_seen_subcommand_from status" -l kubeconfig -d 'Path to the kubeconfig file (default: `KUBECONFIG`, then ~/.kube/config)' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and __fish_seen_subcommand_from status" -l context -d 'Kubeconfig context of the workload cluster' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and __fish_seen_subcommand_from status" -l mesh-kubeconfig -d 'Kubeconfig of the mesh control plane (ASM), where Istio resources live' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and __fish_seen_subcommand_from status" -l mesh-context -d 'Context of the mesh control plane (default: the workload context)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and __fish_seen_subcommand_from status" -l request-timeout -d 'How long to wait for one API request, e.g. `30s`' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and __fish_seen_subcommand_from status" -l target -d 'Mesh store: `kubernetes` (default) or `local` (see `meshctl local`)' -r -f -a "kubernetes\t'The Kubernetes cluster of the kubeconfig context'
local\t'The local mesh: files in a state directory, served by a local Envoy'"
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and __fish_seen_subcommand_from status" -l local-dir -d 'State directory of the local mesh (default: `$XDG_DATA_HOME/meshctl/local`)' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and __fish_seen_subcommand_from status" -l color -d 'When to use colour (`NO_COLOR` turns it off in `auto`)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and __fish_seen_subcommand_from status" -s w -l watch -d 'Wait until the rollout succeeds, is rolled back (or pauses, see below)'
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and __fish_seen_subcommand_from status" -l succeed-on-paused -d 'A paused rollout counts as done (exit 0) instead of being waited on'
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and __fish_seen_subcommand_from status" -l show-managed-fields -d 'Keep `metadata.managedFields` in `-o json|yaml` (hidden by default)'
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and __fish_seen_subcommand_from status" -s v -l verbose -d 'More detail on stderr (resolved queries, requests); repeat for more'
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and __fish_seen_subcommand_from status" -s q -l quiet -d 'Only errors and data'
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and __fish_seen_subcommand_from status" -s h -l help -d 'Print help'
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and __fish_seen_subcommand_from status" -s V -l version -d 'Print version'
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and __fish_seen_subcommand_from list" -s l -l selector -d 'Only objects whose labels match, e.g. `app=reviews,tier!=canary` (as kubectl)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and __fish_seen_subcommand_from list" -s o -l output -d 'Output format: `table`, `wide` (more columns), `json`, `yaml` or `name` (`kind/name` lines)' -r -f -a "table\t''
wide\t''
json\t''
yaml\t''
name\t''"
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and __fish_seen_subcommand_from list" -s n -l namespace -d 'Namespace of the resources (default: the context\'s namespace, then `default`)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and __fish_seen_subcommand_from list" -l templates -d 'Directory whose templates override the built-in ones, file by file' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and __fish_seen_subcommand_from list" -l kubeconfig -d 'Path to the kubeconfig file (default: `KUBECONFIG`, then ~/.kube/config)' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and __fish_seen_subcommand_from list" -l context -d 'Kubeconfig context of the workload cluster' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and __fish_seen_subcommand_from list" -l mesh-kubeconfig -d 'Kubeconfig of the mesh control plane (ASM), where Istio resources live' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and __fish_seen_subcommand_from list" -l mesh-context -d 'Context of the mesh control plane (default: the workload context)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and __fish_seen_subcommand_from list" -l request-timeout -d 'How long to wait for one API request, e.g. `30s`' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and __fish_seen_subcommand_from list" -l target -d 'Mesh store: `kubernetes` (default) or `local` (see `meshctl local`)' -r -f -a "kubernetes\t'The Kubernetes cluster of the kubeconfig context'
local\t'The local mesh: files in a state directory, served by a local Envoy'"
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and __fish_seen_subcommand_from list" -l local-dir -d 'State directory of the local mesh (default: `$XDG_DATA_HOME/meshctl/local`)' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and __fish_seen_subcommand_from list" -l color -d 'When to use colour (`NO_COLOR` turns it off in `auto`)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and __fish_seen_subcommand_from list" -s A -l all-namespaces -d 'List rollouts in every namespace'
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and __fish_seen_subcommand_from list" -s w -l watch -d 'Keep showing the list as it changes (Ctrl-C ends it)'
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and __fish_seen_subcommand_from list" -l show-managed-fields -d 'Keep `metadata.managedFields` in `-o json|yaml` (hidden by default)'
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and __fish_seen_subcommand_from list" -s v -l verbose -d 'More detail on stderr (resolved queries, requests); repeat for more'
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Only errors and data'
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and __fish_seen_subcommand_from report" -l file -d 'Where to write the HTML; `-` (the default) for stdout' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and __fish_seen_subcommand_from report" -s n -l namespace -d 'Namespace of the resources (default: the context\'s namespace, then `default`)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and __fish_seen_subcommand_from report" -l templates -d 'Directory whose templates override the built-in ones, file by file' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and __fish_seen_subcommand_from report" -l kubeconfig -d 'Path to the kubeconfig file (default: `KUBECONFIG`, then ~/.kube/config)' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and __fish_seen_subcommand_from report" -l context -d 'Kubeconfig context of the workload cluster' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and __fish_seen_subcommand_from report" -l mesh-kubeconfig -d 'Kubeconfig of the mesh control plane (ASM), where Istio resources live' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and __fish_seen_subcommand_from report" -l mesh-context -d 'Context of the mesh control plane (default: the workload context)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and __fish_seen_subcommand_from report" -l request-timeout -d 'How long to wait for one API request, e.g. `30s`' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and __fish_seen_subcommand_from report" -l target -d 'Mesh store: `kubernetes` (default) or `local` (see `meshctl local`)' -r -f -a "kubernetes\t'The Kubernetes cluster of the kubeconfig context'
local\t'The local mesh: files in a state directory, served by a local Envoy'"
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and __fish_seen_subcommand_from report" -l local-dir -d 'State directory of the local mesh (default: `$XDG_DATA_HOME/meshctl/local`)' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and __fish_seen_subcommand_from report" -l color -d 'When to use colour (`NO_COLOR` turns it off in `auto`)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and __fish_seen_subcommand_from report" -s v -l verbose -d 'More detail on stderr (resolved queries, requests); repeat for more'
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and __fish_seen_subcommand_from report" -s q -l quiet -d 'Only errors and data'
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and __fish_seen_subcommand_from report" -s h -l help -d 'Print help'
complete -c meshctl -n "__fish_meshctl_using_subcommand canary; and __fish_seen_subcommand_from report" -s V -l version -d 'Print version'
complete -c meshctl -n "__fish_meshctl_using_subcommand bluegreen; and not __fish_seen_subcommand_from status deploy preview switch rollback report" -s n -l namespace -d 'Namespace of the resources (default: the context\'s namespace, then `default`)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand bluegreen; and not __fish_seen_subcommand_from status deploy preview switch rollback report" -l templates -d 'Directory whose templates override the built-in ones, file by file' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand bluegreen; and not __fish_seen_subcommand_from status deploy preview switch rollback report" -l kubeconfig -d 'Path to the kubeconfig file (default: `KUBECONFIG`, then ~/.kube/config)' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand bluegreen; and not __fish_seen_subcommand_from status deploy preview switch rollback report" -l context -d 'Kubeconfig context of the workload cluster' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand bluegreen; and not __fish_seen_subcommand_from status deploy preview switch rollback report" -l mesh-kubeconfig -d 'Kubeconfig of the mesh control plane (ASM), where Istio resources live' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand bluegreen; and not __fish_seen_subcommand_from status deploy preview switch rollback report" -l mesh-context -d 'Context of the mesh control plane (default: the workload context)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand bluegreen; and not __fish_seen_subcommand_from status deploy preview switch rollback report" -l request-timeout -d 'How long to wait for one API request, e.g. `30s`' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand bluegreen; and not __fish_seen_subcommand_from status deploy preview switch rollback report" -l target -d 'Mesh store: `kubernetes` (default) or `local` (see `meshctl local`)' -r -f -a "kubernetes\t'The Kubernetes cluster of the kubeconfig context'
local\t'The local mesh: files in a state directory, served by a local Envoy'"
complete -c meshctl -n "__fish_meshctl_using_subcommand bluegreen; and not __fish_seen_subcommand_from status deploy preview switch rollback report" -l local-dir -d 'State directory of the local mesh (default: `$XDG_DATA_HOME/meshctl/local`)' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand bluegreen; and not __fish_seen_subcommand_from status deploy preview switch rollback report" -l color -d 'When to use colour (`NO_COLOR` turns it off in `auto`)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c meshctl -n "__fish_meshctl_using_subcommand bluegreen; and not __fish_seen_subcommand_from status deploy preview switch rollback report" -s v -l verbose -d 'More detail on stderr (resolved queries, requests); repeat for more'
complete -c meshctl -n "__fish_meshctl_using_subcommand bluegreen; and not __fish_seen_subcommand_from status deploy preview switch rollback report" -s q -l quiet -d 'Only errors and data'
complete -c meshctl -n "__fish_meshctl_using_subcommand bluegreen; and not __fish_seen_subcommand_from status deploy preview switch rollback report" -s h -l help -d 'Print help'
complete -c meshctl -n "__fish_meshctl_using_subcommand bluegreen; and not __fish_seen_subcommand_from status deploy preview switch rollback report" -s V -l version -d 'Print version'
complete -c meshctl -n "__fish_meshctl_using_subcommand bluegreen; and not __fish_seen_subcommand_from status deploy preview switch rollback report" -f -a "status" -d 'Which colour is active, which is idle, their versions, metrics and last switch'
complete -c meshctl -n "__fish_meshctl_using_subcommand bluegreen; and not __fish_seen_subcommand_from status deploy preview switch rollback report" -f -a "deploy" -d 'Bring the idle colour up with a new image and wait until it is ready (no traffic moves)'
complete -c meshctl -n "__fish_meshctl_using_subcommand bluegreen; and not __fish_seen_subcommand_from status deploy preview switch rollback report" -f -a "preview" -d 'Add (or `--remove`) a route that sends preview requests to the idle colour'
complete -c meshctl -n "__fish_meshctl_using_subcommand bluegreen; and not __fish_seen_subcommand_from status deploy preview switch rollback report" -f -a "switch" -d 'Verify the idle colour, switch all traffic to it, verify again, revert on failure'
complete -c meshctl -n "__fish_meshctl_using_subcommand bluegreen; and not __fish_seen_subcommand_from status deploy preview switch rollback report" -f -a "rollback" -d 'Switch back to the previously active colour at once'
complete -c meshctl -n "__fish_meshctl_using_subcommand bluegreen; and not __fish_seen_subcommand_from status deploy preview switch rollback report" -f -a "report" -d 'Write a switch\'s report: one HTML file with its figures, verdicts and hooks'
complete -c meshctl -n "__fish_meshctl_using_subcommand bluegreen; and __fish_seen_subcommand_from status" -l source -d 'Where figures come from: `envoy` (scrape the proxies\' stats twice, a window apart) or `prometheus` (ask about the last window); default: `prometheus` with `--prometheus-url`, else `envoy`' -r -f -a "envoy\t'Scrape the proxies\' `/stats/prometheus` twice, a window apart'
prometheus\t'Ask Prometheus about the last window'"
complete -c meshctl -n "__fish_meshctl_using_subcommand bluegreen; and __fish_seen_subcommand_from status" -l envoy-admin -d 'Envoy admin URL to scrape `/stats/prometheus` from (repeatable or comma-separated; default with `--target local`: the local mesh\'s Envoy)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand bluegreen; and __fish_seen_subcommand_from status" -l stats-port -d 'Pod port serving `/stats/prometheus` when scraping pods (15020 merged by the Istio agent, 15090 Envoy\'s)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand bluegreen; and __fish_seen_subcommand_from status" -l prometheus-url -d 'Prometheus base URL' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand bluegreen; and __fish_seen_subcommand_from status" -l prometheus-token-file -d 'File holding a bearer token for Prometheus (or set `MESHCTL_PROMETHEUS_TOKEN`)' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand bluegreen; and __fish_seen_subcommand_from status" -l prometheus-ca -d 'PEM file of CA certificates to trust for Prometheus' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand bluegreen; and __fish_seen_subcommand_from status" -l metrics-window -d 'How much traffic the live metrics cover' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand bluegreen; and __fish_seen_subcommand_from status" -l api -d 'Whose colours: `istio` (the VirtualService SERVICE and its subsets) or `gateway-api` (the HTTPRoute SERVICE and its Services); default: the one carrying a rollout' -r -f -a "istio\t''
gateway-api\t''"
complete -c meshctl -n "__fish_meshctl_using_subcommand bluegreen; and __fish_seen_subcommand_from status" -s o -l output -d 'Output format: `table`, `wide` (more columns), `json`, `yaml` or `name` (`kind/name` lines)' -r -f -a "table\t''
wide\t''
json\t''
yaml\t''
name\t''"
complete -c meshctl -n "__fish_meshctl_using_subcommand bluegreen; and __fish_seen_subcommand_from status" -s n -l namespace -d 'Namespace of the resources (default: the context\'s namespace, then `default`)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand bluegreen; and __fish_seen_subcommand_from status" -l templates -d 'Directory whose templates override the built-in ones, file by file' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand bluegreen; and __fish_seen_subcommand_from status" -l kubeconfig -d 'Path to the kubeconfig file (default: `KUBECONFIG`, then ~/.kube/config)' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand bluegreen; and __fish_seen_subcommand_from status" -l context -d 'Kubeconfig context of the workload cluster' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand bluegreen; and __fish_seen_subcommand_from status" -l mesh-kubeconfig -d 'Kubeconfig of the mesh control plane (ASM), where Istio resources live' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand bluegreen; and __fish_seen_subcommand_from status" -l mesh-context -d 'Context of the mesh control plane (default: the workload context)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand bluegreen; and __fish_seen_subcommand_from status" -l request-timeout -d 'How long to wait for one API request, e.g. `30s`' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand bluegreen; and __fish_seen_subcommand_from status" -l target -d 'Mesh store: `kubernetes` (default) or `local` (see `meshctl local`)' -r -f -a "kubernetes\t'The Kubernetes cluster of the kubeconfig context'
local\t'The local mesh: files in a state directory, served by a local Envoy'"
complete -c meshctl -n "__fish_meshctl_using_subcommand bluegreen; and __fish_seen_subcommand_from status" -l local-dir -d 'State directory of the local mesh (default: `$XDG_DATA_HOME/meshctl/local`)' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand bluegreen; and __fish_seen_subcommand_from status" -l color -d 'When to use colour (`NO_COLOR` turns it off in `auto`)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c meshctl -n "__fish_meshctl_using_subcommand bluegreen; and __fish_seen_subcommand_from status" -l show-managed-fields -d 'Keep `metadata.managedFields` in `-o json|yaml` (hidden by default)'
complete -c meshctl -n "__fish_meshctl_using_subcommand bluegreen; and __fish_seen_subcommand_from status" -s v -l verbose -d 'More detail on stderr (resolved queries, requests); repeat for more'
complete -c meshctl -n "__fish_meshctl_using_subcommand bluegreen; and __fish_seen_subcommand_from status" -s q -l quiet -d 'Only errors and data'
complete -c meshctl -n "__fish_meshctl_using_subcommand bluegreen; and __fish_seen_subcommand_from status" -s h -l help -d 'Print help'
complete -c meshctl -n "__fish_meshctl_using_subcommand bluegreen; and __fish_seen_subcommand_from status" -s V -l version -d 'Print version'
complete -c meshctl -n "__fish_meshctl_using_subcommand bluegreen; and __fish_seen_subcommand_from deploy" -l image -d 'The new version\'s image' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand bluegreen; and __fish_seen_subcommand_from deploy" -l to -d 'The idle colour (subset) to bring up' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand bluegreen; and __fish_seen_subcommand_from deploy" -l replicas -d 'Copies of the idle colour (default: the live colour\'s)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand bluegreen; and __fish_seen_subcommand_from deploy" -l container -d 'The container whose image changes (default: the first)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand bluegreen; and __fish_seen_subcommand_from deploy" -l from-deployment -d 'The live colour\'s Deployment, when its subset\'s labels do not find exactly one' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand bluegreen; and __fish_seen_subcommand_from deploy" -l deployment -d 'The idle colour\'s Deployment (default: SERVICE-COLOUR, e.g. `reviews-green`)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand bluegreen; and __fish_seen_subcommand_from deploy" -l ready-timeout -d 'How long to wait until its pods are Ready' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand bluegreen; and __fish_seen_subcommand_from deploy" -l dry-run -d '`client`: compute and show the result, write nothing; `server`: the API server checks it without saving; `none` (default): write' -r -f -a "none\t''
client\t''
server\t''"
complete -c meshctl -n "__fish_meshctl_using_subcommand bluegreen; and __fish_seen_subcommand_from deploy" -s n -l namespace -d 'Namespace of the resources (default: the context\'s namespace, then `default`)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand bluegreen; and __fish_seen_subcommand_from deploy" -l templates -d 'Directory whose templates override the built-in ones, file by file' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand bluegreen; and __fish_seen_subcommand_from deploy" -l kubeconfig -d 'Path to the kubeconfig file (default: `KUBECONFIG`, then ~/.kube/config)' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand bluegreen; and __fish_seen_subcommand_from deploy" -l context -d 'Kubeconfig context of the workload cluster' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand bluegreen; and __fish_seen_subcommand_from deploy" -l mesh-kubeconfig -d 'Kubeconfig of the mesh control plane (ASM), where Istio resources live' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand bluegreen; and __fish_seen_subcommand_from deploy" -l mesh-context -d 'Context of the mesh control plane (default: the workload context)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand bluegreen; and __fish_seen_subcommand_from deploy" -l request-timeout -d 'How long to wait for one API request, e.g. `30s`' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand bluegreen; and __fish_seen_subcommand_from deploy" -l target -d 'Mesh store: `kubernetes` (default) or `local` (see `meshctl local`)' -r -f -a "kubernetes\t'The Kubernetes cluster of the kubeconfig context'
local\t'The local mesh: files in a state directory, served by a local Envoy'"
complete -c meshctl -n "__fish_meshctl_using_subcommand bluegreen; and __fish_seen_subcommand_from deploy" -l local-dir -d 'State directory of the local mesh (default: `$XDG_DATA_HOME/meshctl/local`)' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand bluegreen; and __fish_seen_subcommand_from deploy" -l color -d 'When to use colour (`NO_COLOR` turns it off in `auto`)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c meshctl -n "__fish_meshctl_using_subcommand bluegreen; and __fish_seen_subcommand_from deploy" -s v -l verbose -d 'More detail on stderr (resolved queries, requests); repeat for more'
complete -c meshctl -n "__fish_meshctl_using_subcommand bluegreen; and __fish_seen_subcommand_from deploy" -s q -l quiet -d 'Only errors and data'
complete -c meshctl -n "__fish_meshctl_using_subcommand bluegreen; and __fish_seen_subcommand_from deploy" -s h -l help -d 'Print help'
complete -c meshctl -n "__fish_meshctl_using_subcommand bluegreen; and __fish_seen_subcommand_from deploy" -s V -l version -d 'Print version'
complete -c meshctl -n "__fish_meshctl_using_subcommand bluegreen; and __fish_seen_subcommand_from preview" -l to -d 'The idle colour (subset) to preview' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand bluegreen; and __fish_seen_subcommand_from preview" -l preview-header -d 'Requests with this header reach the idle colour (default `x-meshctl-preview=COLOUR`)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand bluegreen; and __fish_seen_subcommand_from preview" -l preview-host -d 'Requests for this host reach the idle colour' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand bluegreen; and __fish_seen_subcommand_from preview" -l api -d 'The object to add it to: `istio` (the VirtualService SERVICE, the default) or `gateway-api` (the HTTPRoute SERVICE; `--to` names a Service)' -r -f -a "istio\t''
gateway-api\t''"
complete -c meshctl -n "__fish_meshctl_using_subcommand bluegreen; and __fish_seen_subcommand_from preview" -s n -l namespace -d 'Namespace of the resources (default: the context\'s namespace, then `default`)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand bluegreen; and __fish_seen_subcommand_from preview" -l templates -d 'Directory whose templates override the built-in ones, file by file' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand bluegreen; and __fish_seen_subcommand_from preview" -l kubeconfig -d 'Path to the kubeconfig file (default: `KUBECONFIG`, then ~/.kube/config)' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand bluegreen; and __fish_seen_subcommand_from preview" -l context -d 'Kubeconfig context of the workload cluster' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand bluegreen; and __fish_seen_subcommand_from preview" -l mesh-kubeconfig -d 'Kubeconfig of the mesh control plane (ASM), where Istio resources live' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand bluegreen; and __fish_seen_subcommand_from preview" -l mesh-context -d 'Context of the mesh control plane (default: the workload context)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand bluegreen; and __fish_seen_subcommand_from preview" -l request-timeout -d 'How long to wait for one API request, e.g. `30s`' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand bluegreen; and __fish_seen_subcommand_from preview" -l target -d 'Mesh store: `kubernetes` (default) or `local` (see `meshctl local`)' -r -f -a "kubernetes\t'The Kubernetes cluster of the kubeconfig context'
local\t'The local mesh: files in a state directory, served by a local Envoy'"
complete -c meshctl -n "__fish_meshctl_using_subcommand bluegreen; and __fish_seen_subcommand_from preview" -l local-dir -d 'State directory of the local mesh (default: `$XDG_DATA_HOME/meshctl/local`)' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand bluegreen; and __fish_seen_subcommand_from preview" -l color -d 'When to use colour (`NO_COLOR` turns it off in `auto`)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c meshctl -n "__fish_meshctl_using_subcommand bluegreen; and __fish_seen_subcommand_from preview" -l remove -d 'Remove meshctl\'s preview route'
complete -c meshctl -n "__fish_meshctl_using_subcommand bluegreen; and __fish_seen_subcommand_from preview" -s v -l verbose -d 'More detail on stderr (resolved queries, requests); repeat for more'
complete -c meshctl -n "__fish_meshctl_using_subcommand bluegreen; and __fish_seen_subcommand_from preview" -s q -l quiet -d 'Only errors and data'
complete -c meshctl -n "__fish_meshctl_using_subcommand bluegreen; and __fish_seen_subcommand_from preview" -s h -l help -d 'Print help'
complete -c meshctl -n "__fish_meshctl_using_subcommand bluegreen; and __fish_seen_subcommand_from preview" -s V -l version -d 'Print version'
complete -c meshctl -n "__fish_meshctl_using_subcommand bluegreen; and __fish_seen_subcommand_from switch" -l to -d 'The idle colour (subset; on an HTTPRoute, Service) to switch traffic to' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand bluegreen; and __fish_seen_subcommand_from switch" -l from -d 'The active colour (default: the subset or Service the main route sends traffic to)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand bluegreen; and __fish_seen_subcommand_from switch" -l verify-before -d 'Judge the idle colour through the preview route this long before switching' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand bluegreen; and __fish_seen_subcommand_from switch" -l verify-after -d 'Judge the new colour this long after switching; switch back on failure' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand bluegreen; and __fish_seen_subcommand_from switch" -l preview-header -d 'The preview route\'s match: requests with this header reach the idle colour (default with `--verify-before`: `x-meshctl-preview=COLOUR`)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand bluegreen; and __fish_seen_subcommand_from switch" -l preview-host -d 'The preview route\'s match: requests for this host reach the idle colour' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand bluegreen; and __fish_seen_subcommand_from switch" -l interval -d 'How long the halfway step is held and judged' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand bluegreen; and __fish_seen_subcommand_from switch" -l scale-down-delay -d 'After a good switch, scale the old colour\'s Deployment to zero after this long (switching back stays instant until then)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand bluegreen; and __fish_seen_subcommand_from switch" -l route -d 'The route to switch, by name, when several send traffic to the active colour' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand bluegreen; and __fish_seen_subcommand_from switch" -l dry-run -d '`client`: compute and show the result, write nothing; `server`: the API server checks it without saving; `none` (default): write' -r -f -a "none\t''
client\t''
server\t''"
complete -c meshctl -n "__fish_meshctl_using_subcommand bluegreen; and __fish_seen_subcommand_from switch" -l analysis -d 'Analysis spec file (see docs/analysis.md); the flags below override it' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand bluegreen; and __fish_seen_subcommand_from switch" -l min-success-rate -d 'Fail a step when the new version answers less than this percent without 5xx' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand bluegreen; and __fish_seen_subcommand_from switch" -l max-p99 -d 'Fail a step when the new version\'s p99 latency is above this' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand bluegreen; and __fish_seen_subcommand_from switch" -l min-rps -d 'Fail a step when the new version gets fewer requests per second than this' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand bluegreen; and __fish_seen_subcommand_from switch" -l min-requests -d 'Fewer requests than this in a window is no data, not a verdict' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand bluegreen; and __fish_seen_subcommand_from switch" -l analysis-window -d 'How much traffic one analysis round judges (default: the step\'s `--interval`, at most 1m)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand bluegreen; and __fish_seen_subcommand_from switch" -l analysis-interval -d 'Time between analysis rounds (default: half the window, within the step)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand bluegreen; and __fish_seen_subcommand_from switch" -l alpha -d 'Sequential judgement: the chance of rolling back a canary that errs exactly at the allowed rate (default 0.01)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand bluegreen; and __fish_seen_subcommand_from switch" -l beta -d 'Sequential judgement: the chance of missing a canary that errs at the allowed rate plus `--min-detectable-increase` (default 0.05)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand bluegreen; and __fish_seen_subcommand_from switch" -l min-detectable-increase -d 'Sequential judgement: the increase of the error rate worth detecting, in percentage points over what `--min-success-rate` allows (default 10)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand bluegreen; and __fish_seen_subcommand_from switch" -l min-detectable-shift -d 'Sequential judgement: how far above one half the chance that a canary request is slower than a stable one must be to roll back, with `compareToStable.maxLatencyIncrease` (default 0.1: slower in 60% of pairs)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand bluegreen; and __fish_seen_subcommand_from switch" -l source -d 'Where figures come from: `envoy` (scrape the proxies\' stats twice, a window apart) or `prometheus` (ask about the last window); default: `prometheus` with `--prometheus-url`, else `envoy`' -r -f -a "envoy\t'Scrape the proxies\' `/stats/prometheus` twice, a window apart'
prometheus\t'Ask Prometheus about the last window'"
complete -c meshctl -n "__fish_meshctl_using_subcommand bluegreen; and __fish_seen_subcommand_from switch" -l envoy-admin -d 'Envoy admin URL to scrape `/stats/prometheus` from (repeatable or comma-separated; default with `--target local`: the local mesh\'s Envoy)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand bluegreen; and __fish_seen_subcommand_from switch" -l stats-port -d 'Pod port serving `/stats/prometheus` when scraping pods (15020 merged by the Istio agent, 15090 Envoy\'s)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand bluegreen; and __fish_seen_subcommand_from switch" -l prometheus-url -d 'Prometheus base URL' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand bluegreen; and __fish_seen_subcommand_from switch" -l prometheus-token-file -d 'File holding a bearer token for Prometheus (or set `MESHCTL_PROMETHEUS_TOKEN`)' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand bluegreen; and __fish_seen_subcommand_from switch" -l prometheus-ca -d 'PEM file of CA certificates to trust for Prometheus' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand bluegreen; and __fish_seen_subcommand_from switch" -l lock-ttl -d 'How long the lock outlives a silent driver (renewed every third of it while running; at least 1.5 times `--request-timeout`)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand bluegreen; and __fish_seen_subcommand_from switch" -l outage-timeout -d 'How long reads and writes keep retrying an API server that does not answer (restarts, 5xx, 429) before the command gives up' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand bluegreen; and __fish_seen_subcommand_from switch" -s o -l output -d 'Progress as JSON Lines on stdout (`json`) instead of lines for people' -r -f -a "json\t''"
complete -c meshctl -n "__fish_meshctl_using_subcommand bluegreen; and __fish_seen_subcommand_from switch" -l api -d 'The object the rollout shifts: `istio` (the VirtualService SERVICE) or `gateway-api` (the HTTPRoute SERVICE). A new rollout defaults to `istio`; the other commands find the one carrying the rollout' -r -f -a "istio\t''
gateway-api\t''"
complete -c meshctl -n "__fish_meshctl_using_subcommand bluegreen; and __fish_seen_subcommand_from switch" -l webhook -d 'Call URL at a hook point (repeatable). TYPE: confirm-rollout, pre-rollout, rollout, confirm-traffic-increase, confirm-promotion, post-rollout, rollback. A URL with a token must come from --webhook-file' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand bluegreen; and __fish_seen_subcommand_from switch" -l webhook-file -d 'Like --webhook, the URL read from FILE each time the hook is called' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand bluegreen; and __fish_seen_subcommand_from switch" -l webhook-env -d 'Like --webhook, the URL read from the environment variable VAR when called' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand bluegreen; and __fish_seen_subcommand_from switch" -l hook-timeout -d 'How long one webhook call may take (unless the hook says)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand bluegreen; and __fish_seen_subcommand_from switch" -l hook-retries -d 'Extra attempts of a failed webhook call (unless the hook says)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand bluegreen; and __fish_seen_subcommand_from switch" -l gate-interval -d 'How often a closed gate is asked again' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand bluegreen; and __fish_seen_subcommand_from switch" -l notify -d 'Tell a channel of every step, pause, promotion and rollback: `slack=FILE`, `dingtalk=FILE`, `feishu=FILE` (the file holds the robot\'s URL and secret) or `webhook=URL`; repeatable (docs/notifications.md)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand bluegreen; and __fish_seen_subcommand_from switch" -l report -d 'When the rollout ends (whatever the end), write its report (one HTML file, see docs/report.md) to FILE; `-` for stdout' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand bluegreen; and __fish_seen_subcommand_from switch" -s n -l namespace -d 'Namespace of the resources (default: the context\'s namespace, then `default`)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand bluegreen; and __fish_seen_subcommand_from switch" -l templates -d 'Directory whose templates override the built-in ones, file by file' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand bluegreen; and __fish_seen_subcommand_from switch" -l kubeconfig -d 'Path to the kubeconfig file (default: `KUBECONFIG`, then ~/.kube/config)' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand bluegreen; and __fish_seen_subcommand_from switch" -l context -d 'Kubeconfig context of the workload cluster' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand bluegreen; and __fish_seen_subcommand_from switch" -l mesh-kubeconfig -d 'Kubeconfig of the mesh control plane (ASM), where Istio resources live' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand bluegreen; and __fish_seen_subcommand_from switch" -l mesh-context -d 'Context of the mesh control plane (default: the workload context)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand bluegreen; and __fish_seen_subcommand_from switch" -l request-timeout -d 'How long to wait for one API request, e.g. `30s`' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand bluegreen; and __fish_seen_subcommand_from switch" -l target -d 'Mesh store: `kubernetes` (default) or `local` (see `meshctl local`)' -r -f -a "kubernetes\t'The Kubernetes cluster of the kubeconfig context'
local\t'The local mesh: files in a state directory, served by a local Envoy'"
complete -c meshctl -n "__fish_meshctl_using_subcommand bluegreen; and __fish_seen_subcommand_from switch" -l local-dir -d 'State directory of the local mesh (default: `$XDG_DATA_HOME/meshctl/local`)' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand bluegreen; and __fish_seen_subcommand_from switch" -l color -d 'When to use colour (`NO_COLOR` turns it off in `auto`)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c meshctl -n "__fish_meshctl_using_subcommand bluegreen; and __fish_seen_subcommand_from switch" -l halfway -d 'Move half the traffic first, verify it for `--interval`, then the rest'
complete -c meshctl -n "__fish_meshctl_using_subcommand bluegreen; and __fish_seen_subcommand_from switch" -l no-revert -d 'On a failed verification after the switch, keep the traffic where it is (paused)'
complete -c meshctl -n "__fish_meshctl_using_subcommand bluegreen; and __fish_seen_subcommand_from switch" -s y -l yes -d 'Switch without asking (required without a terminal)'
complete -c meshctl -n "__fish_meshctl_using_subcommand bluegreen; and __fish_seen_subcommand_from switch" -l force -d 'Replace an unfinished rollout or take a live lock, and move traffic although a check before the first step failed (says what it overrides)'
complete -c meshctl -n "__fish_meshctl_using_subcommand bluegreen; and __fish_seen_subcommand_from switch" -l early-promote -d 'End a step early when the sequential tests show it healthy (default: every step holds its `--interval`)'
complete -c meshctl -n "__fish_meshctl_using_subcommand bluegreen; and __fish_seen_subcommand_from switch" -s v -l verbose -d 'More detail on stderr (resolved queries, requests); repeat for more'
complete -c meshctl -n "__fish_meshctl_using_subcommand bluegreen; and __fish_seen_subcommand_from switch" -s q -l quiet -d 'Only errors and data'
complete -c meshctl -n "__fish_meshctl_using_subcommand bluegreen; and __fish_seen_subcommand_from switch" -s h -l help -d 'Print help'
complete -c meshctl -n "__fish_meshctl_using_subcommand bluegreen; and __fish_seen_subcommand_from switch" -s V -l version -d 'Print version'
complete -c meshctl -n "__fish_meshctl_using_subcommand bluegreen; and __fish_seen_subcommand_from rollback" -l reason -d 'Why, for the record and the event' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand bluegreen; and __fish_seen_subcommand_from rollback" -l lock-ttl -d 'How long the lock outlives a silent driver (renewed every third of it while running; at least 1.5 times `--request-timeout`)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand bluegreen; and __fish_seen_subcommand_from rollback" -l outage-timeout -d 'How long reads and writes keep retrying an API server that does not answer (restarts, 5xx, 429) before the command gives up' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand bluegreen; and __fish_seen_subcommand_from rollback" -s o -l output -d 'Progress as JSON Lines on stdout (`json`) instead of lines for people' -r -f -a "json\t''"
complete -c meshctl -n "__fish_meshctl_using_subcommand bluegreen; and __fish_seen_subcommand_from rollback" -l api -d 'The object the rollout shifts: `istio` (the VirtualService SERVICE) or `gateway-api` (the HTTPRoute SERVICE). A new rollout defaults to `istio`; the other commands find the one carrying the rollout' -r -f -a "istio\t''
gateway-api\t''"
complete -c meshctl -n "__fish_meshctl_using_subcommand bluegreen; and __fish_seen_subcommand_from rollback" -s n -l namespace -d 'Namespace of the resources (default: the context\'s namespace, then `default`)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand bluegreen; and __fish_seen_subcommand_from rollback" -l templates -d 'Directory whose templates override the built-in ones, file by file' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand bluegreen; and __fish_seen_subcommand_from rollback" -l kubeconfig -d 'Path to the kubeconfig file (default: `KUBECONFIG`, then ~/.kube/config)' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand bluegreen; and __fish_seen_subcommand_from rollback" -l context -d 'Kubeconfig context of the workload cluster' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand bluegreen; and __fish_seen_subcommand_from rollback" -l mesh-kubeconfig -d 'Kubeconfig of the mesh control plane (ASM), where Istio resources live' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand bluegreen; and __fish_seen_subcommand_from rollback" -l mesh-context -d 'Context of the mesh control plane (default: the workload context)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand bluegreen; and __fish_seen_subcommand_from rollback" -l request-timeout -d 'How long to wait for one API request, e.g. `30s`' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand bluegreen; and __fish_seen_subcommand_from rollback" -l target -d 'Mesh store: `kubernetes` (default) or `local` (see `meshctl local`)' -r -f -a "kubernetes\t'The Kubernetes cluster of the kubeconfig context'
local\t'The local mesh: files in a state directory, served by a local Envoy'"
complete -c meshctl -n "__fish_meshctl_using_subcommand bluegreen; and __fish_seen_subcommand_from rollback" -l local-dir -d 'State directory of the local mesh (default: `$XDG_DATA_HOME/meshctl/local`)' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand bluegreen; and __fish_seen_subcommand_from rollback" -l color -d 'When to use colour (`NO_COLOR` turns it off in `auto`)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c meshctl -n "__fish_meshctl_using_subcommand bluegreen; and __fish_seen_subcommand_from rollback" -s v -l verbose -d 'More detail on stderr (resolved queries, requests); repeat for more'
complete -c meshctl -n "__fish_meshctl_using_subcommand bluegreen; and __fish_seen_subcommand_from rollback" -s q -l quiet -d 'Only errors and data'
complete -c meshctl -n "__fish_meshctl_using_subcommand bluegreen; and __fish_seen_subcommand_from rollback" -s h -l help -d 'Print help'
complete -c meshctl -n "__fish_meshctl_using_subcommand bluegreen; and __fish_seen_subcommand_from rollback" -s V -l version -d 'Print version'
complete -c meshctl -n "__fish_meshctl_using_subcommand bluegreen; and __fish_seen_subcommand_from report" -l file -d 'Where to write the HTML; `-` (the default) for stdout' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand bluegreen; and __fish_seen_subcommand_from report" -s n -l namespace -d 'Namespace of the resources (default: the context\'s namespace, then `default`)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand bluegreen; and __fish_seen_subcommand_from report" -l templates -d 'Directory whose templates override the built-in ones, file by file' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand bluegreen; and __fish_seen_subcommand_from report" -l kubeconfig -d 'Path to the kubeconfig file (default: `KUBECONFIG`, then ~/.kube/config)' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand bluegreen; and __fish_seen_subcommand_from report" -l context -d 'Kubeconfig context of the workload cluster' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand bluegreen; and __fish_seen_subcommand_from report" -l mesh-kubeconfig -d 'Kubeconfig of the mesh control plane (ASM), where Istio resources live' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand bluegreen; and __fish_seen_subcommand_from report" -l mesh-context -d 'Context of the mesh control plane (default: the workload context)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand bluegreen; and __fish_seen_subcommand_from report" -l request-timeout -d 'How long to wait for one API request, e.g. `30s`' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand bluegreen; and __fish_seen_subcommand_from report" -l target -d 'Mesh store: `kubernetes` (default) or `local` (see `meshctl local`)' -r -f -a "kubernetes\t'The Kubernetes cluster of the kubeconfig context'
local\t'The local mesh: files in a state directory, served by a local Envoy'"
complete -c meshctl -n "__fish_meshctl_using_subcommand bluegreen; and __fish_seen_subcommand_from report" -l local-dir -d 'State directory of the local mesh (default: `$XDG_DATA_HOME/meshctl/local`)' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand bluegreen; and __fish_seen_subcommand_from report" -l color -d 'When to use colour (`NO_COLOR` turns it off in `auto`)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c meshctl -n "__fish_meshctl_using_subcommand bluegreen; and __fish_seen_subcommand_from report" -s v -l verbose -d 'More detail on stderr (resolved queries, requests); repeat for more'
complete -c meshctl -n "__fish_meshctl_using_subcommand bluegreen; and __fish_seen_subcommand_from report" -s q -l quiet -d 'Only errors and data'
complete -c meshctl -n "__fish_meshctl_using_subcommand bluegreen; and __fish_seen_subcommand_from report" -s h -l help -d 'Print help'
complete -c meshctl -n "__fish_meshctl_using_subcommand bluegreen; and __fish_seen_subcommand_from report" -s V -l version -d 'Print version'
complete -c meshctl -n "__fish_meshctl_using_subcommand policy; and not __fish_seen_subcommand_from set show" -s n -l namespace -d 'Namespace of the resources (default: the context\'s namespace, then `default`)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand policy; and not __fish_seen_subcommand_from set show" -l templates -d 'Directory whose templates override the built-in ones, file by file' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand policy; and not __fish_seen_subcommand_from set show" -l kubeconfig -d 'Path to the kubeconfig file (default: `KUBECONFIG`, then ~/.kube/config)' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand policy; and not __fish_seen_subcommand_from set show" -l context -d 'Kubeconfig context of the workload cluster' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand policy; and not __fish_seen_subcommand_from set show" -l mesh-kubeconfig -d 'Kubeconfig of the mesh control plane (ASM), where Istio resources live' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand policy; and not __fish_seen_subcommand_from set show" -l mesh-context -d 'Context of the mesh control plane (default: the workload context)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand policy; and not __fish_seen_subcommand_from set show" -l request-timeout -d 'How long to wait for one API request, e.g. `30s`' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand policy; and not __fish_seen_subcommand_from set show" -l target -d 'Mesh store: `kubernetes` (default) or `local` (see `meshctl local`)' -r -f -a "kubernetes\t'The Kubernetes cluster of the kubeconfig context'
local\t'The local mesh: files in a state directory, served by a local Envoy'"
complete -c meshctl -n "__fish_meshctl_using_subcommand policy; and not __fish_seen_subcommand_from set show" -l local-dir -d 'State directory of the local mesh (default: `$XDG_DATA_HOME/meshctl/local`)' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand policy; and not __fish_seen_subcommand_from set show" -l color -d 'When to use colour (`NO_COLOR` turns it off in `auto`)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c meshctl -n "__fish_meshctl_using_subcommand policy; and not __fish_seen_subcommand_from set show" -s v -l verbose -d 'More detail on stderr (resolved queries, requests); repeat for more'
complete -c meshctl -n "__fish_meshctl_using_subcommand policy; and not __fish_seen_subcommand_from set show" -s q -l quiet -d 'Only errors and data'
complete -c meshctl -n "__fish_meshctl_using_subcommand policy; and not __fish_seen_subcommand_from set show" -s h -l help -d 'Print help'
complete -c meshctl -n "__fish_meshctl_using_subcommand policy; and not __fish_seen_subcommand_from set show" -s V -l version -d 'Print version'
complete -c meshctl -n "__fish_meshctl_using_subcommand policy; and not __fish_seen_subcommand_from set show" -f -a "set" -d 'Set timeouts, retries, load balancing, circuit breaking or TLS of a service'
complete -c meshctl -n "__fish_meshctl_using_subcommand policy; and not __fish_seen_subcommand_from set show" -f -a "show" -d 'Show the resilience settings of a service'
complete -c meshctl -n "__fish_meshctl_using_subcommand policy; and __fish_seen_subcommand_from set" -l api -d '`istio` (the service\'s VirtualService and DestinationRule) or `gateway-api` (the HTTPRoute named like the service)' -r -f -a "istio\t''
gateway-api\t''"
complete -c meshctl -n "__fish_meshctl_using_subcommand policy; and __fish_seen_subcommand_from set" -l route -d 'Only the HTTP route (HTTPRoute: rule) of this name, or at this position when unnamed, as `policy show` lists them; default: every one' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand policy; and __fish_seen_subcommand_from set" -l timeout -d 'Timeout of every HTTP route, e.g. `2s`' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand policy; and __fish_seen_subcommand_from set" -l retries -d 'Retry attempts of every HTTP route' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand policy; and __fish_seen_subcommand_from set" -l retry-on -d 'Retry conditions, e.g. `5xx,reset,connect-failure`' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand policy; and __fish_seen_subcommand_from set" -l per-try-timeout -d 'Timeout of each retry attempt, e.g. `500ms`' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand policy; and __fish_seen_subcommand_from set" -l lb -d 'Load balancing policy' -r -f -a "round-robin\t''
least-request\t''
random\t''
passthrough\t''"
complete -c meshctl -n "__fish_meshctl_using_subcommand policy; and __fish_seen_subcommand_from set" -l max-connections -d 'Maximum TCP connections to the service' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand policy; and __fish_seen_subcommand_from set" -l max-pending -d 'Maximum pending HTTP requests' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand policy; and __fish_seen_subcommand_from set" -l max-requests-per-connection -d 'Maximum requests per connection (1 turns keep-alive off)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand policy; and __fish_seen_subcommand_from set" -l outlier-consecutive-5xx -d 'Consecutive 5xx errors before a host is ejected' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand policy; and __fish_seen_subcommand_from set" -l outlier-interval -d 'How often hosts are checked for ejection, e.g. `10s`' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand policy; and __fish_seen_subcommand_from set" -l outlier-ejection-time -d 'Minimum ejection time, e.g. `30s`' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand policy; and __fish_seen_subcommand_from set" -l outlier-max-ejection -d 'Largest share of hosts that may be ejected, e.g. `50%`' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand policy; and __fish_seen_subcommand_from set" -l tls-mode -d 'TLS mode towards the service' -r -f -a "disable\t''
simple\t''
mutual\t''
istio-mutual\t''"
complete -c meshctl -n "__fish_meshctl_using_subcommand policy; and __fish_seen_subcommand_from set" -l dry-run -d '`client`: compute and show the result, write nothing; `server`: the API server checks it without saving; `none` (default): write' -r -f -a "none\t''
client\t''
server\t''"
complete -c meshctl -n "__fish_meshctl_using_subcommand policy; and __fish_seen_subcommand_from set" -s n -l namespace -d 'Namespace of the resources (default: the context\'s namespace, then `default`)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand policy; and __fish_seen_subcommand_from set" -l templates -d 'Directory whose templates override the built-in ones, file by file' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand policy; and __fish_seen_subcommand_from set" -l kubeconfig -d 'Path to the kubeconfig file (default: `KUBECONFIG`, then ~/.kube/config)' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand policy; and __fish_seen_subcommand_from set" -l context -d 'Kubeconfig context of the workload cluster' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand policy; and __fish_seen_subcommand_from set" -l mesh-kubeconfig -d 'Kubeconfig of the mesh control plane (ASM), where Istio resources live' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand policy; and __fish_seen_subcommand_from set" -l mesh-context -d 'Context of the mesh control plane (default: the workload context)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand policy; and __fish_seen_subcommand_from set" -l request-timeout -d 'How long to wait for one API request, e.g. `30s`' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand policy; and __fish_seen_subcommand_from set" -l target -d 'Mesh store: `kubernetes` (default) or `local` (see `meshctl local`)' -r -f -a "kubernetes\t'The Kubernetes cluster of the kubeconfig context'
local\t'The local mesh: files in a state directory, served by a local Envoy'"
complete -c meshctl -n "__fish_meshctl_using_subcommand policy; and __fish_seen_subcommand_from set" -l local-dir -d 'State directory of the local mesh (default: `$XDG_DATA_HOME/meshctl/local`)' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand policy; and __fish_seen_subcommand_from set" -l color -d 'When to use colour (`NO_COLOR` turns it off in `auto`)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c meshctl -n "__fish_meshctl_using_subcommand policy; and __fish_seen_subcommand_from set" -l force -d 'Replace settings the named ones cannot coexist with (a `consistentHash` session affinity, replaced by `--lb`); without it such a change is refused'
complete -c meshctl -n "__fish_meshctl_using_subcommand policy; and __fish_seen_subcommand_from set" -s v -l verbose -d 'More detail on stderr (resolved queries, requests); repeat for more'
complete -c meshctl -n "__fish_meshctl_using_subcommand policy; and __fish_seen_subcommand_from set" -s q -l quiet -d 'Only errors and data'
complete -c meshctl -n "__fish_meshctl_using_subcommand policy; and __fish_seen_subcommand_from set" -s h -l help -d 'Print help'
complete -c meshctl -n "__fish_meshctl_using_subcommand policy; and __fish_seen_subcommand_from set" -s V -l version -d 'Print version'
complete -c meshctl -n "__fish_meshctl_using_subcommand policy; and __fish_seen_subcommand_from show" -s o -l output -d 'Output format: `table`, `wide` (more columns), `json`, `yaml` or `name` (`kind/name` lines)' -r -f -a "table\t''
wide\t''
json\t''
yaml\t''
name\t''"
complete -c meshctl -n "__fish_meshctl_using_subcommand policy; and __fish_seen_subcommand_from show" -l api -d '`istio` (the service\'s VirtualService and DestinationRule) or `gateway-api` (the HTTPRoute named like the service)' -r -f -a "istio\t''
gateway-api\t''"
complete -c meshctl -n "__fish_meshctl_using_subcommand policy; and __fish_seen_subcommand_from show" -s n -l namespace -d 'Namespace of the resources (default: the context\'s namespace, then `default`)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand policy; and __fish_seen_subcommand_from show" -l templates -d 'Directory whose templates override the built-in ones, file by file' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand policy; and __fish_seen_subcommand_from show" -l kubeconfig -d 'Path to the kubeconfig file (default: `KUBECONFIG`, then ~/.kube/config)' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand policy; and __fish_seen_subcommand_from show" -l context -d 'Kubeconfig context of the workload cluster' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand policy; and __fish_seen_subcommand_from show" -l mesh-kubeconfig -d 'Kubeconfig of the mesh control plane (ASM), where Istio resources live' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand policy; and __fish_seen_subcommand_from show" -l mesh-context -d 'Context of the mesh control plane (default: the workload context)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand policy; and __fish_seen_subcommand_from show" -l request-timeout -d 'How long to wait for one API request, e.g. `30s`' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand policy; and __fish_seen_subcommand_from show" -l target -d 'Mesh store: `kubernetes` (default) or `local` (see `meshctl local`)' -r -f -a "kubernetes\t'The Kubernetes cluster of the kubeconfig context'
local\t'The local mesh: files in a state directory, served by a local Envoy'"
complete -c meshctl -n "__fish_meshctl_using_subcommand policy; and __fish_seen_subcommand_from show" -l local-dir -d 'State directory of the local mesh (default: `$XDG_DATA_HOME/meshctl/local`)' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand policy; and __fish_seen_subcommand_from show" -l color -d 'When to use colour (`NO_COLOR` turns it off in `auto`)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c meshctl -n "__fish_meshctl_using_subcommand policy; and __fish_seen_subcommand_from show" -l show-managed-fields -d 'Keep `metadata.managedFields` in `-o json|yaml` (hidden by default)'
complete -c meshctl -n "__fish_meshctl_using_subcommand policy; and __fish_seen_subcommand_from show" -s v -l verbose -d 'More detail on stderr (resolved queries, requests); repeat for more'
complete -c meshctl -n "__fish_meshctl_using_subcommand policy; and __fish_seen_subcommand_from show" -s q -l quiet -d 'Only errors and data'
complete -c meshctl -n "__fish_meshctl_using_subcommand policy; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help'
complete -c meshctl -n "__fish_meshctl_using_subcommand policy; and __fish_seen_subcommand_from show" -s V -l version -d 'Print version'
complete -c meshctl -n "__fish_meshctl_using_subcommand fault; and not __fish_seen_subcommand_from inject clear show" -s n -l namespace -d 'Namespace of the resources (default: the context\'s namespace, then `default`)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand fault; and not __fish_seen_subcommand_from inject clear show" -l templates -d 'Directory whose templates override the built-in ones, file by file' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand fault; and not __fish_seen_subcommand_from inject clear show" -l kubeconfig -d 'Path to the kubeconfig file (default: `KUBECONFIG`, then ~/.kube/config)' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand fault; and not __fish_seen_subcommand_from inject clear show" -l context -d 'Kubeconfig context of the workload cluster' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand fault; and not __fish_seen_subcommand_from inject clear show" -l mesh-kubeconfig -d 'Kubeconfig of the mesh control plane (ASM), where Istio resources live' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand fault; and not __fish_seen_subcommand_from inject clear show" -l mesh-context -d 'Context of the mesh control plane (default: the workload context)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand fault; and not __fish_seen_subcommand_from inject clear show" -l request-timeout -d 'How long to wait for one API request, e.g. `30s`' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand fault; and not __fish_seen_subcommand_from inject clear show" -l target -d 'Mesh store: `kubernetes` (default) or `local` (see `meshctl local`)' -r -f -a "kubernetes\t'The Kubernetes cluster of the kubeconfig context'
local\t'The local mesh: files in a state directory, served by a local Envoy'"
complete -c meshctl -n "__fish_meshctl_using_subcommand fault; and not __fish_seen_subcommand_from inject clear show" -l local-dir -d 'State directory of the local mesh (default: `$XDG_DATA_HOME/meshctl/local`)' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand fault; and not __fish_seen_subcommand_from inject clear show" -l color -d 'When to use colour (`NO_COLOR` turns it off in `auto`)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c meshctl -n "__fish_meshctl_using_subcommand fault; and not __fish_seen_subcommand_from inject clear show" -s v -l verbose -d 'More detail on stderr (resolved queries, requests); repeat for more'
complete -c meshctl -n "__fish_meshctl_using_subcommand fault; and not __fish_seen_subcommand_from inject clear show" -s q -l quiet -d 'Only errors and data'
complete -c meshctl -n "__fish_meshctl_using_subcommand fault; and not __fish_seen_subcommand_from inject clear show" -s h -l help -d 'Print help'
complete -c meshctl -n "__fish_meshctl_using_subcommand fault; and not __fish_seen_subcommand_from inject clear show" -s V -l version -d 'Print version'
complete -c meshctl -n "__fish_meshctl_using_subcommand fault; and not __fish_seen_subcommand_from inject clear show" -f -a "inject" -d 'Abort or delay a share of the requests to a service'
complete -c meshctl -n "__fish_meshctl_using_subcommand fault; and not __fish_seen_subcommand_from inject clear show" -f -a "clear" -d 'Take back the faults meshctl injected (the routes\' own faults stay)'
complete -c meshctl -n "__fish_meshctl_using_subcommand fault; and not __fish_seen_subcommand_from inject clear show" -f -a "show" -d 'Show each HTTP route\'s faults and whether meshctl injected them'
complete -c meshctl -n "__fish_meshctl_using_subcommand fault; and __fish_seen_subcommand_from inject" -l abort -d 'Answer with HTTP STATUS, for PERCENT of the requests (default 100%)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand fault; and __fish_seen_subcommand_from inject" -l delay -d 'Delay by DURATION, for PERCENT of the requests (default 100%)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand fault; and __fish_seen_subcommand_from inject" -l api -d 'The API the service is routed with; `gateway-api` is refused, as an HTTPRoute has no fault injection' -r -f -a "istio\t''
gateway-api\t''"
complete -c meshctl -n "__fish_meshctl_using_subcommand fault; and __fish_seen_subcommand_from inject" -l dry-run -d '`client`: compute and show the result, write nothing; `server`: the API server checks it without saving; `none` (default): write' -r -f -a "none\t''
client\t''
server\t''"
complete -c meshctl -n "__fish_meshctl_using_subcommand fault; and __fish_seen_subcommand_from inject" -s n -l namespace -d 'Namespace of the resources (default: the context\'s namespace, then `default`)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand fault; and __fish_seen_subcommand_from inject" -l templates -d 'Directory whose templates override the built-in ones, file by file' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand fault; and __fish_seen_subcommand_from inject" -l kubeconfig -d 'Path to the kubeconfig file (default: `KUBECONFIG`, then ~/.kube/config)' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand fault; and __fish_seen_subcommand_from inject" -l context -d 'Kubeconfig context of the workload cluster' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand fault; and __fish_seen_subcommand_from inject" -l mesh-kubeconfig -d 'Kubeconfig of the mesh control plane (ASM), where Istio resources live' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand fault; and __fish_seen_subcommand_from inject" -l mesh-context -d 'Context of the mesh control plane (default: the workload context)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand fault; and __fish_seen_subcommand_from inject" -l request-timeout -d 'How long to wait for one API request, e.g. `30s`' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand fault; and __fish_seen_subcommand_from inject" -l target -d 'Mesh store: `kubernetes` (default) or `local` (see `meshctl local`)' -r -f -a "kubernetes\t'The Kubernetes cluster of the kubeconfig context'
local\t'The local mesh: files in a state directory, served by a local Envoy'"
complete -c meshctl -n "__fish_meshctl_using_subcommand fault; and __fish_seen_subcommand_from inject" -l local-dir -d 'State directory of the local mesh (default: `$XDG_DATA_HOME/meshctl/local`)' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand fault; and __fish_seen_subcommand_from inject" -l color -d 'When to use colour (`NO_COLOR` turns it off in `auto`)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c meshctl -n "__fish_meshctl_using_subcommand fault; and __fish_seen_subcommand_from inject" -s y -l yes -d 'Confirm an abort of every request (100%) without asking'
complete -c meshctl -n "__fish_meshctl_using_subcommand fault; and __fish_seen_subcommand_from inject" -s v -l verbose -d 'More detail on stderr (resolved queries, requests); repeat for more'
complete -c meshctl -n "__fish_meshctl_using_subcommand fault; and __fish_seen_subcommand_from inject" -s q -l quiet -d 'Only errors and data'
complete -c meshctl -n "__fish_meshctl_using_subcommand fault; and __fish_seen_subcommand_from inject" -s h -l help -d 'Print help'
complete -c meshctl -n "__fish_meshctl_using_subcommand fault; and __fish_seen_subcommand_from inject" -s V -l version -d 'Print version'
complete -c meshctl -n "__fish_meshctl_using_subcommand fault; and __fish_seen_subcommand_from clear" -l dry-run -d '`client`: compute and show the result, write nothing; `server`: the API server checks it without saving; `none` (default): write' -r -f -a "none\t''
client\t''
server\t''"
complete -c meshctl -n "__fish_meshctl_using_subcommand fault; and __fish_seen_subcommand_from clear" -s n -l namespace -d 'Namespace of the resources (default: the context\'s namespace, then `default`)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand fault; and __fish_seen_subcommand_from clear" -l templates -d 'Directory whose templates override the built-in ones, file by file' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand fault; and __fish_seen_subcommand_from clear" -l kubeconfig -d 'Path to the kubeconfig file (default: `KUBECONFIG`, then ~/.kube/config)' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand fault; and __fish_seen_subcommand_from clear" -l context -d 'Kubeconfig context of the workload cluster' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand fault; and __fish_seen_subcommand_from clear" -l mesh-kubeconfig -d 'Kubeconfig of the mesh control plane (ASM), where Istio resources live' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand fault; and __fish_seen_subcommand_from clear" -l mesh-context -d 'Context of the mesh control plane (default: the workload context)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand fault; and __fish_seen_subcommand_from clear" -l request-timeout -d 'How long to wait for one API request, e.g. `30s`' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand fault; and __fish_seen_subcommand_from clear" -l target -d 'Mesh store: `kubernetes` (default) or `local` (see `meshctl local`)' -r -f -a "kubernetes\t'The Kubernetes cluster of the kubeconfig context'
local\t'The local mesh: files in a state directory, served by a local Envoy'"
complete -c meshctl -n "__fish_meshctl_using_subcommand fault; and __fish_seen_subcommand_from clear" -l local-dir -d 'State directory of the local mesh (default: `$XDG_DATA_HOME/meshctl/local`)' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand fault; and __fish_seen_subcommand_from clear" -l color -d 'When to use colour (`NO_COLOR` turns it off in `auto`)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c meshctl -n "__fish_meshctl_using_subcommand fault; and __fish_seen_subcommand_from clear" -s v -l verbose -d 'More detail on stderr (resolved queries, requests); repeat for more'
complete -c meshctl -n "__fish_meshctl_using_subcommand fault; and __fish_seen_subcommand_from clear" -s q -l quiet -d 'Only errors and data'
complete -c meshctl -n "__fish_meshctl_using_subcommand fault; and __fish_seen_subcommand_from clear" -s h -l help -d 'Print help'
complete -c meshctl -n "__fish_meshctl_using_subcommand fault; and __fish_seen_subcommand_from clear" -s V -l version -d 'Print version'
complete -c meshctl -n "__fish_meshctl_using_subcommand fault; and __fish_seen_subcommand_from show" -s o -l output -d 'Output format: `table`, `wide` (more columns), `json`, `yaml` or `name` (`kind/name` lines)' -r -f -a "table\t''
wide\t''
json\t''
yaml\t''
name\t''"
complete -c meshctl -n "__fish_meshctl_using_subcommand fault; and __fish_seen_subcommand_from show" -s n -l namespace -d 'Namespace of the resources (default: the context\'s namespace, then `default`)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand fault; and __fish_seen_subcommand_from show" -l templates -d 'Directory whose templates override the built-in ones, file by file' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand fault; and __fish_seen_subcommand_from show" -l kubeconfig -d 'Path to the kubeconfig file (default: `KUBECONFIG`, then ~/.kube/config)' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand fault; and __fish_seen_subcommand_from show" -l context -d 'Kubeconfig context of the workload cluster' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand fault; and __fish_seen_subcommand_from show" -l mesh-kubeconfig -d 'Kubeconfig of the mesh control plane (ASM), where Istio resources live' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand fault; and __fish_seen_subcommand_from show" -l mesh-context -d 'Context of the mesh control plane (default: the workload context)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand fault; and __fish_seen_subcommand_from show" -l request-timeout -d 'How long to wait for one API request, e.g. `30s`' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand fault; and __fish_seen_subcommand_from show" -l target -d 'Mesh store: `kubernetes` (default) or `local` (see `meshctl local`)' -r -f -a "kubernetes\t'The Kubernetes cluster of the kubeconfig context'
local\t'The local mesh: files in a state directory, served by a local Envoy'"
complete -c meshctl -n "__fish_meshctl_using_subcommand fault; and __fish_seen_subcommand_from show" -l local-dir -d 'State directory of the local mesh (default: `$XDG_DATA_HOME/meshctl/local`)' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand fault; and __fish_seen_subcommand_from show" -l color -d 'When to use colour (`NO_COLOR` turns it off in `auto`)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c meshctl -n "__fish_meshctl_using_subcommand fault; and __fish_seen_subcommand_from show" -l show-managed-fields -d 'Keep `metadata.managedFields` in `-o json|yaml` (hidden by default)'
complete -c meshctl -n "__fish_meshctl_using_subcommand fault; and __fish_seen_subcommand_from show" -s v -l verbose -d 'More detail on stderr (resolved queries, requests); repeat for more'
complete -c meshctl -n "__fish_meshctl_using_subcommand fault; and __fish_seen_subcommand_from show" -s q -l quiet -d 'Only errors and data'
complete -c meshctl -n "__fish_meshctl_using_subcommand fault; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help'
complete -c meshctl -n "__fish_meshctl_using_subcommand fault; and __fish_seen_subcommand_from show" -s V -l version -d 'Print version'
complete -c meshctl -n "__fish_meshctl_using_subcommand egress; and not __fish_seen_subcommand_from allow list revoke" -s n -l namespace -d 'Namespace of the resources (default: the context\'s namespace, then `default`)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand egress; and not __fish_seen_subcommand_from allow list revoke" -l templates -d 'Directory whose templates override the built-in ones, file by file' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand egress; and not __fish_seen_subcommand_from allow list revoke" -l kubeconfig -d 'Path to the kubeconfig file (default: `KUBECONFIG`, then ~/.kube/config)' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand egress; and not __fish_seen_subcommand_from allow list revoke" -l context -d 'Kubeconfig context of the workload cluster' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand egress; and not __fish_seen_subcommand_from allow list revoke" -l mesh-kubeconfig -d 'Kubeconfig of the mesh control plane (ASM), where Istio resources live' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand egress; and not __fish_seen_subcommand_from allow list revoke" -l mesh-context -d 'Context of the mesh control plane (default: the workload context)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand egress; and not __fish_seen_subcommand_from allow list revoke" -l request-timeout -d 'How long to wait for one API request, e.g. `30s`' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand egress; and not __fish_seen_subcommand_from allow list revoke" -l target -d 'Mesh store: `kubernetes` (default) or `local` (see `meshctl local`)' -r -f -a "kubernetes\t'The Kubernetes cluster of the kubeconfig context'
local\t'The local mesh: files in a state directory, served by a local Envoy'"
complete -c meshctl -n "__fish_meshctl_using_subcommand egress; and not __fish_seen_subcommand_from allow list revoke" -l local-dir -d 'State directory of the local mesh (default: `$XDG_DATA_HOME/meshctl/local`)' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand egress; and not __fish_seen_subcommand_from allow list revoke" -l color -d 'When to use colour (`NO_COLOR` turns it off in `auto`)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c meshctl -n "__fish_meshctl_using_subcommand egress; and not __fish_seen_subcommand_from allow list revoke" -s v -l verbose -d 'More detail on stderr (resolved queries, requests); repeat for more'
complete -c meshctl -n "__fish_meshctl_using_subcommand egress; and not __fish_seen_subcommand_from allow list revoke" -s q -l quiet -d 'Only errors and data'
complete -c meshctl -n "__fish_meshctl_using_subcommand egress; and not __fish_seen_subcommand_from allow list revoke" -s h -l help -d 'Print help'
complete -c meshctl -n "__fish_meshctl_using_subcommand egress; and not __fish_seen_subcommand_from allow list revoke" -s V -l version -d 'Print version'
complete -c meshctl -n "__fish_meshctl_using_subcommand egress; and not __fish_seen_subcommand_from allow list revoke" -f -a "allow" -d 'Allow traffic to an external host (optionally through the egress gateway)'
complete -c meshctl -n "__fish_meshctl_using_subcommand egress; and not __fish_seen_subcommand_from allow list revoke" -f -a "list" -d 'List the external hosts meshctl allowed'
complete -c meshctl -n "__fish_meshctl_using_subcommand egress; and not __fish_seen_subcommand_from allow list revoke" -f -a "revoke" -d 'Remove what `egress allow` created for a host'
complete -c meshctl -n "__fish_meshctl_using_subcommand egress; and __fish_seen_subcommand_from allow" -l port -d 'Port of the external host' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand egress; and __fish_seen_subcommand_from allow" -l protocol -d 'Protocol (default: TLS on 443, HTTP on 80, else TLS)' -r -f -a "TLS\t''
HTTPS\t''
HTTP\t''"
complete -c meshctl -n "__fish_meshctl_using_subcommand egress; and __fish_seen_subcommand_from allow" -l gateway-selector -d 'Labels of the egress gateway pods' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand egress; and __fish_seen_subcommand_from allow" -l gateway-service -d 'Host of the egress gateway\'s service' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand egress; and __fish_seen_subcommand_from allow" -l dry-run -d '`client`: compute and show the result, write nothing; `server`: the API server checks it without saving; `none` (default): write' -r -f -a "none\t''
client\t''
server\t''"
complete -c meshctl -n "__fish_meshctl_using_subcommand egress; and __fish_seen_subcommand_from allow" -s n -l namespace -d 'Namespace of the resources (default: the context\'s namespace, then `default`)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand egress; and __fish_seen_subcommand_from allow" -l templates -d 'Directory whose templates override the built-in ones, file by file' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand egress; and __fish_seen_subcommand_from allow" -l kubeconfig -d 'Path to the kubeconfig file (default: `KUBECONFIG`, then ~/.kube/config)' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand egress; and __fish_seen_subcommand_from allow" -l context -d 'Kubeconfig context of the workload cluster' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand egress; and __fish_seen_subcommand_from allow" -l mesh-kubeconfig -d 'Kubeconfig of the mesh control plane (ASM), where Istio resources live' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand egress; and __fish_seen_subcommand_from allow" -l mesh-context -d 'Context of the mesh control plane (default: the workload context)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand egress; and __fish_seen_subcommand_from allow" -l request-timeout -d 'How long to wait for one API request, e.g. `30s`' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand egress; and __fish_seen_subcommand_from allow" -l target -d 'Mesh store: `kubernetes` (default) or `local` (see `meshctl local`)' -r -f -a "kubernetes\t'The Kubernetes cluster of the kubeconfig context'
local\t'The local mesh: files in a state directory, served by a local Envoy'"
complete -c meshctl -n "__fish_meshctl_using_subcommand egress; and __fish_seen_subcommand_from allow" -l local-dir -d 'State directory of the local mesh (default: `$XDG_DATA_HOME/meshctl/local`)' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand egress; and __fish_seen_subcommand_from allow" -l color -d 'When to use colour (`NO_COLOR` turns it off in `auto`)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c meshctl -n "__fish_meshctl_using_subcommand egress; and __fish_seen_subcommand_from allow" -l via-gateway -d 'Route the traffic through the egress gateway'
complete -c meshctl -n "__fish_meshctl_using_subcommand egress; and __fish_seen_subcommand_from allow" -s v -l verbose -d 'More detail on stderr (resolved queries, requests); repeat for more'
complete -c meshctl -n "__fish_meshctl_using_subcommand egress; and __fish_seen_subcommand_from allow" -s q -l quiet -d 'Only errors and data'
complete -c meshctl -n "__fish_meshctl_using_subcommand egress; and __fish_seen_subcommand_from allow" -s h -l help -d 'Print help'
complete -c meshctl -n "__fish_meshctl_using_subcommand egress; and __fish_seen_subcommand_from allow" -s V -l version -d 'Print version'
complete -c meshctl -n "__fish_meshctl_using_subcommand egress; and __fish_seen_subcommand_from list" -s l -l selector -d 'Only objects whose labels match, e.g. `app=reviews,tier!=canary` (as kubectl)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand egress; and __fish_seen_subcommand_from list" -s o -l output -d 'Output format: `table`, `wide` (more columns), `json`, `yaml` or `name` (`kind/name` lines)' -r -f -a "table\t''
wide\t''
json\t''
yaml\t''
name\t''"
complete -c meshctl -n "__fish_meshctl_using_subcommand egress; and __fish_seen_subcommand_from list" -s n -l namespace -d 'Namespace of the resources (default: the context\'s namespace, then `default`)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand egress; and __fish_seen_subcommand_from list" -l templates -d 'Directory whose templates override the built-in ones, file by file' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand egress; and __fish_seen_subcommand_from list" -l kubeconfig -d 'Path to the kubeconfig file (default: `KUBECONFIG`, then ~/.kube/config)' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand egress; and __fish_seen_subcommand_from list" -l context -d 'Kubeconfig context of the workload cluster' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand egress; and __fish_seen_subcommand_from list" -l mesh-kubeconfig -d 'Kubeconfig of the mesh control plane (ASM), where Istio resources live' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand egress; and __fish_seen_subcommand_from list" -l mesh-context -d 'Context of the mesh control plane (default: the workload context)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand egress; and __fish_seen_subcommand_from list" -l request-timeout -d 'How long to wait for one API request, e.g. `30s`' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand egress; and __fish_seen_subcommand_from list" -l target -d 'Mesh store: `kubernetes` (default) or `local` (see `meshctl local`)' -r -f -a "kubernetes\t'The Kubernetes cluster of the kubeconfig context'
local\t'The local mesh: files in a state directory, served by a local Envoy'"
complete -c meshctl -n "__fish_meshctl_using_subcommand egress; and __fish_seen_subcommand_from list" -l local-dir -d 'State directory of the local mesh (default: `$XDG_DATA_HOME/meshctl/local`)' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand egress; and __fish_seen_subcommand_from list" -l color -d 'When to use colour (`NO_COLOR` turns it off in `auto`)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c meshctl -n "__fish_meshctl_using_subcommand egress; and __fish_seen_subcommand_from list" -s A -l all-namespaces -d 'List in every namespace'
complete -c meshctl -n "__fish_meshctl_using_subcommand egress; and __fish_seen_subcommand_from list" -l show-managed-fields -d 'Keep `metadata.managedFields` in `-o json|yaml` (hidden by default)'
complete -c meshctl -n "__fish_meshctl_using_subcommand egress; and __fish_seen_subcommand_from list" -s v -l verbose -d 'More detail on stderr (resolved queries, requests); repeat for more'
complete -c meshctl -n "__fish_meshctl_using_subcommand egress; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Only errors and data'
complete -c meshctl -n "__fish_meshctl_using_subcommand egress; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c meshctl -n "__fish_meshctl_using_subcommand egress; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c meshctl -n "__fish_meshctl_using_subcommand egress; and __fish_seen_subcommand_from revoke" -s n -l namespace -d 'Namespace of the resources (default: the context\'s namespace, then `default`)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand egress; and __fish_seen_subcommand_from revoke" -l templates -d 'Directory whose templates override the built-in ones, file by file' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand egress; and __fish_seen_subcommand_from revoke" -l kubeconfig -d 'Path to the kubeconfig file (default: `KUBECONFIG`, then ~/.kube/config)' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand egress; and __fish_seen_subcommand_from revoke" -l context -d 'Kubeconfig context of the workload cluster' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand egress; and __fish_seen_subcommand_from revoke" -l mesh-kubeconfig -d 'Kubeconfig of the mesh control plane (ASM), where Istio resources live' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand egress; and __fish_seen_subcommand_from revoke" -l mesh-context -d 'Context of the mesh control plane (default: the workload context)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand egress; and __fish_seen_subcommand_from revoke" -l request-timeout -d 'How long to wait for one API request, e.g. `30s`' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand egress; and __fish_seen_subcommand_from revoke" -l target -d 'Mesh store: `kubernetes` (default) or `local` (see `meshctl local`)' -r -f -a "kubernetes\t'The Kubernetes cluster of the kubeconfig context'
local\t'The local mesh: files in a state directory, served by a local Envoy'"
complete -c meshctl -n "__fish_meshctl_using_subcommand egress; and __fish_seen_subcommand_from revoke" -l local-dir -d 'State directory of the local mesh (default: `$XDG_DATA_HOME/meshctl/local`)' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand egress; and __fish_seen_subcommand_from revoke" -l color -d 'When to use colour (`NO_COLOR` turns it off in `auto`)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c meshctl -n "__fish_meshctl_using_subcommand egress; and __fish_seen_subcommand_from revoke" -l ignore-not-found -d 'Succeed even if nothing was allowed for the host'
complete -c meshctl -n "__fish_meshctl_using_subcommand egress; and __fish_seen_subcommand_from revoke" -s v -l verbose -d 'More detail on stderr (resolved queries, requests); repeat for more'
complete -c meshctl -n "__fish_meshctl_using_subcommand egress; and __fish_seen_subcommand_from revoke" -s q -l quiet -d 'Only errors and data'
complete -c meshctl -n "__fish_meshctl_using_subcommand egress; and __fish_seen_subcommand_from revoke" -s h -l help -d 'Print help'
complete -c meshctl -n "__fish_meshctl_using_subcommand egress; and __fish_seen_subcommand_from revoke" -s V -l version -d 'Print version'
complete -c meshctl -n "__fish_meshctl_using_subcommand lane; and not __fish_seen_subcommand_from group create delete list promote shift rollback report" -s n -l namespace -d 'Namespace of the resources (default: the context\'s namespace, then `default`)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand lane; and not __fish_seen_subcommand_from group create delete list promote shift rollback report" -l templates -d 'Directory whose templates override the built-in ones, file by file' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand lane; and not __fish_seen_subcommand_from group create delete list promote shift rollback report" -l kubeconfig -d 'Path to the kubeconfig file (default: `KUBECONFIG`, then ~/.kube/config)' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand lane; and not __fish_seen_subcommand_from group create delete list promote shift rollback report" -l context -d 'Kubeconfig context of the workload cluster' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand lane; and not __fish_seen_subcommand_from group create delete list promote shift rollback report" -l mesh-kubeconfig -d 'Kubeconfig of the mesh control plane (ASM), where Istio resources live' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand lane; and not __fish_seen_subcommand_from group create delete list promote shift rollback report" -l mesh-context -d 'Context of the mesh control plane (default: the workload context)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand lane; and not __fish_seen_subcommand_from group create delete list promote shift rollback report" -l request-timeout -d 'How long to wait for one API request, e.g. `30s`' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand lane; and not __fish_seen_subcommand_from group create delete list promote shift rollback report" -l target -d 'Mesh store: `kubernetes` (default) or `local` (see `meshctl local`)' -r -f -a "kubernetes\t'The Kubernetes cluster of the kubeconfig context'
local\t'The local mesh: files in a state directory, served by a local Envoy'"
complete -c meshctl -n "__fish_meshctl_using_subcommand lane; and not __fish_seen_subcommand_from group create delete list promote shift rollback report" -l local-dir -d 'State directory of the local mesh (default: `$XDG_DATA_HOME/meshctl/local`)' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand lane; and not __fish_seen_subcommand_from group create delete list promote shift rollback report" -l color -d 'When to use colour (`NO_COLOR` turns it off in `auto`)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c meshctl -n "__fish_meshctl_using_subcommand lane; and not __fish_seen_subcommand_from group create delete list promote shift rollback report" -s v -l verbose -d 'More detail on stderr (resolved queries, requests); repeat for more'
complete -c meshctl -n "__fish_meshctl_using_subcommand lane; and not __fish_seen_subcommand_from group create delete list promote shift rollback report" -s q -l quiet -d 'Only errors and data'
complete -c meshctl -n "__fish_meshctl_using_subcommand lane; and not __fish_seen_subcommand_from group create delete list promote shift rollback report" -s h -l help -d 'Print help'
complete -c meshctl -n "__fish_meshctl_using_subcommand lane; and not __fish_seen_subcommand_from group create delete list promote shift rollback report" -s V -l version -d 'Print version'
complete -c meshctl -n "__fish_meshctl_using_subcommand lane; and not __fish_seen_subcommand_from group create delete list promote shift rollback report" -f -a "group" -d 'Create or delete a lane group (its services, header and ingress)'
complete -c meshctl -n "__fish_meshctl_using_subcommand lane; and not __fish_seen_subcommand_from group create delete list promote shift rollback report" -f -a "create" -d 'Add a lane to a group: requests tagged with its name reach its versions'
complete -c meshctl -n "__fish_meshctl_using_subcommand lane; and not __fish_seen_subcommand_from group create delete list promote shift rollback report" -f -a "delete" -d 'Remove a lane from a group'
complete -c meshctl -n "__fish_meshctl_using_subcommand lane; and not __fish_seen_subcommand_from group create delete list promote shift rollback report" -f -a "list" -d 'List lane groups and their lanes'
complete -c meshctl -n "__fish_meshctl_using_subcommand lane; and not __fish_seen_subcommand_from group create delete list promote shift rollback report" -f -a "promote" -d 'Make a lane\'s versions the baseline of the services it holds, and remove it'
complete -c meshctl -n "__fish_meshctl_using_subcommand lane; and not __fish_seen_subcommand_from group create delete list promote shift rollback report" -f -a "shift" -d 'Move a share of the group\'s ingress traffic into a lane step by step, judged by every service the lane holds'
complete -c meshctl -n "__fish_meshctl_using_subcommand lane; and not __fish_seen_subcommand_from group create delete list promote shift rollback report" -f -a "rollback" -d 'Put the ingress back as it was before the lane shift'
complete -c meshctl -n "__fish_meshctl_using_subcommand lane; and not __fish_seen_subcommand_from group create delete list promote shift rollback report" -f -a "report" -d 'Write a lane shift\'s report: one HTML file with its figures and verdicts'
complete -c meshctl -n "__fish_meshctl_using_subcommand lane; and __fish_seen_subcommand_from group" -s n -l namespace -d 'Namespace of the resources (default: the context\'s namespace, then `default`)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand lane; and __fish_seen_subcommand_from group" -l templates -d 'Directory whose templates override the built-in ones, file by file' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand lane; and __fish_seen_subcommand_from group" -l kubeconfig -d 'Path to the kubeconfig file (default: `KUBECONFIG`, then ~/.kube/config)' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand lane; and __fish_seen_subcommand_from group" -l context -d 'Kubeconfig context of the workload cluster' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand lane; and __fish_seen_subcommand_from group" -l mesh-kubeconfig -d 'Kubeconfig of the mesh control plane (ASM), where Istio resources live' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand lane; and __fish_seen_subcommand_from group" -l mesh-context -d 'Context of the mesh control plane (default: the workload context)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand lane; and __fish_seen_subcommand_from group" -l request-timeout -d 'How long to wait for one API request, e.g. `30s`' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand lane; and __fish_seen_subcommand_from group" -l target -d 'Mesh store: `kubernetes` (default) or `local` (see `meshctl local`)' -r -f -a "kubernetes\t'The Kubernetes cluster of the kubeconfig context'
local\t'The local mesh: files in a state directory, served by a local Envoy'"
complete -c meshctl -n "__fish_meshctl_using_subcommand lane; and __fish_seen_subcommand_from group" -l local-dir -d 'State directory of the local mesh (default: `$XDG_DATA_HOME/meshctl/local`)' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand lane; and __fish_seen_subcommand_from group" -l color -d 'When to use colour (`NO_COLOR` turns it off in `auto`)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c meshctl -n "__fish_meshctl_using_subcommand lane; and __fish_seen_subcommand_from group" -s v -l verbose -d 'More detail on stderr (resolved queries, requests); repeat for more'
complete -c meshctl -n "__fish_meshctl_using_subcommand lane; and __fish_seen_subcommand_from group" -s q -l quiet -d 'Only errors and data'
complete -c meshctl -n "__fish_meshctl_using_subcommand lane; and __fish_seen_subcommand_from group" -s h -l help -d 'Print help'
complete -c meshctl -n "__fish_meshctl_using_subcommand lane; and __fish_seen_subcommand_from group" -s V -l version -d 'Print version'
complete -c meshctl -n "__fish_meshctl_using_subcommand lane; and __fish_seen_subcommand_from group" -f -a "create" -d 'Create a lane group: a DestinationRule and VirtualService per service, and the ingress rules'
complete -c meshctl -n "__fish_meshctl_using_subcommand lane; and __fish_seen_subcommand_from group" -f -a "delete" -d 'Delete every object of a lane group'
complete -c meshctl -n "__fish_meshctl_using_subcommand lane; and __fish_seen_subcommand_from create" -l version -d 'The version the lane\'s services run (their pods\' version label value)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand lane; and __fish_seen_subcommand_from create" -l service -d 'A service the lane holds (default: every service of the group)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand lane; and __fish_seen_subcommand_from create" -l dry-run -d '`client`: compute and show the result, write nothing; `server`: the API server checks it without saving; `none` (default): write' -r -f -a "none\t''
client\t''
server\t''"
complete -c meshctl -n "__fish_meshctl_using_subcommand lane; and __fish_seen_subcommand_from create" -s n -l namespace -d 'Namespace of the resources (default: the context\'s namespace, then `default`)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand lane; and __fish_seen_subcommand_from create" -l templates -d 'Directory whose templates override the built-in ones, file by file' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand lane; and __fish_seen_subcommand_from create" -l kubeconfig -d 'Path to the kubeconfig file (default: `KUBECONFIG`, then ~/.kube/config)' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand lane; and __fish_seen_subcommand_from create" -l context -d 'Kubeconfig context of the workload cluster' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand lane; and __fish_seen_subcommand_from create" -l mesh-kubeconfig -d 'Kubeconfig of the mesh control plane (ASM), where Istio resources live' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand lane; and __fish_seen_subcommand_from create" -l mesh-context -d 'Context of the mesh control plane (default: the workload context)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand lane; and __fish_seen_subcommand_from create" -l request-timeout -d 'How long to wait for one API request, e.g. `30s`' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand lane; and __fish_seen_subcommand_from create" -l target -d 'Mesh store: `kubernetes` (default) or `local` (see `meshctl local`)' -r -f -a "kubernetes\t'The Kubernetes cluster of the kubeconfig context'
local\t'The local mesh: files in a state directory, served by a local Envoy'"
complete -c meshctl -n "__fish_meshctl_using_subcommand lane; and __fish_seen_subcommand_from create" -l local-dir -d 'State directory of the local mesh (default: `$XDG_DATA_HOME/meshctl/local`)' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand lane; and __fish_seen_subcommand_from create" -l color -d 'When to use colour (`NO_COLOR` turns it off in `auto`)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c meshctl -n "__fish_meshctl_using_subcommand lane; and __fish_seen_subcommand_from create" -l permissive -d 'Hold only the services named with `--service`; calls to the others fall back to the baseline'
complete -c meshctl -n "__fish_meshctl_using_subcommand lane; and __fish_seen_subcommand_from create" -l asm -d 'Write ASM\'s ASMSwimLane (for a group created with `--asm`)'
complete -c meshctl -n "__fish_meshctl_using_subcommand lane; and __fish_seen_subcommand_from create" -s v -l verbose -d 'More detail on stderr (resolved queries, requests); repeat for more'
complete -c meshctl -n "__fish_meshctl_using_subcommand lane; and __fish_seen_subcommand_from create" -s q -l quiet -d 'Only errors and data'
complete -c meshctl -n "__fish_meshctl_using_subcommand lane; and __fish_seen_subcommand_from create" -s h -l help -d 'Print help'
complete -c meshctl -n "__fish_meshctl_using_subcommand lane; and __fish_seen_subcommand_from delete" -l dry-run -d '`client`: compute and show the result, write nothing; `server`: the API server checks it without saving; `none` (default): write' -r -f -a "none\t''
client\t''
server\t''"
complete -c meshctl -n "__fish_meshctl_using_subcommand lane; and __fish_seen_subcommand_from delete" -s n -l namespace -d 'Namespace of the resources (default: the context\'s namespace, then `default`)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand lane; and __fish_seen_subcommand_from delete" -l templates -d 'Directory whose templates override the built-in ones, file by file' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand lane; and __fish_seen_subcommand_from delete" -l kubeconfig -d 'Path to the kubeconfig file (default: `KUBECONFIG`, then ~/.kube/config)' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand lane; and __fish_seen_subcommand_from delete" -l context -d 'Kubeconfig context of the workload cluster' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand lane; and __fish_seen_subcommand_from delete" -l mesh-kubeconfig -d 'Kubeconfig of the mesh control plane (ASM), where Istio resources live' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand lane; and __fish_seen_subcommand_from delete" -l mesh-context -d 'Context of the mesh control plane (default: the workload context)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand lane; and __fish_seen_subcommand_from delete" -l request-timeout -d 'How long to wait for one API request, e.g. `30s`' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand lane; and __fish_seen_subcommand_from delete" -l target -d 'Mesh store: `kubernetes` (default) or `local` (see `meshctl local`)' -r -f -a "kubernetes\t'The Kubernetes cluster of the kubeconfig context'
local\t'The local mesh: files in a state directory, served by a local Envoy'"
complete -c meshctl -n "__fish_meshctl_using_subcommand lane; and __fish_seen_subcommand_from delete" -l local-dir -d 'State directory of the local mesh (default: `$XDG_DATA_HOME/meshctl/local`)' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand lane; and __fish_seen_subcommand_from delete" -l color -d 'When to use colour (`NO_COLOR` turns it off in `auto`)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c meshctl -n "__fish_meshctl_using_subcommand lane; and __fish_seen_subcommand_from delete" -s v -l verbose -d 'More detail on stderr (resolved queries, requests); repeat for more'
complete -c meshctl -n "__fish_meshctl_using_subcommand lane; and __fish_seen_subcommand_from delete" -s q -l quiet -d 'Only errors and data'
complete -c meshctl -n "__fish_meshctl_using_subcommand lane; and __fish_seen_subcommand_from delete" -s h -l help -d 'Print help'
complete -c meshctl -n "__fish_meshctl_using_subcommand lane; and __fish_seen_subcommand_from delete" -s V -l version -d 'Print version'
complete -c meshctl -n "__fish_meshctl_using_subcommand lane; and __fish_seen_subcommand_from list" -s l -l selector -d 'Only objects whose labels match, e.g. `app=reviews,tier!=canary` (as kubectl)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand lane; and __fish_seen_subcommand_from list" -s o -l output -d 'Output format: `table`, `wide` (more columns), `json`, `yaml` or `name` (`kind/name` lines)' -r -f -a "table\t''
wide\t''
json\t''
yaml\t''
name\t''"
complete -c meshctl -n "__fish_meshctl_using_subcommand lane; and __fish_seen_subcommand_from list" -s n -l namespace -d 'Namespace of the resources (default: the context\'s namespace, then `default`)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand lane; and __fish_seen_subcommand_from list" -l templates -d 'Directory whose templates override the built-in ones, file by file' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand lane; and __fish_seen_subcommand_from list" -l kubeconfig -d 'Path to the kubeconfig file (default: `KUBECONFIG`, then ~/.kube/config)' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand lane; and __fish_seen_subcommand_from list" -l context -d 'Kubeconfig context of the workload cluster' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand lane; and __fish_seen_subcommand_from list" -l mesh-kubeconfig -d 'Kubeconfig of the mesh control plane (ASM), where Istio resources live' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand lane; and __fish_seen_subcommand_from list" -l mesh-context -d 'Context of the mesh control plane (default: the workload context)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand lane; and __fish_seen_subcommand_from list" -l request-timeout -d 'How long to wait for one API request, e.g. `30s`' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand lane; and __fish_seen_subcommand_from list" -l target -d 'Mesh store: `kubernetes` (default) or `local` (see `meshctl local`)' -r -f -a "kubernetes\t'The Kubernetes cluster of the kubeconfig context'
local\t'The local mesh: files in a state directory, served by a local Envoy'"
complete -c meshctl -n "__fish_meshctl_using_subcommand lane; and __fish_seen_subcommand_from list" -l local-dir -d 'State directory of the local mesh (default: `$XDG_DATA_HOME/meshctl/local`)' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand lane; and __fish_seen_subcommand_from list" -l color -d 'When to use colour (`NO_COLOR` turns it off in `auto`)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c meshctl -n "__fish_meshctl_using_subcommand lane; and __fish_seen_subcommand_from list" -s A -l all-namespaces -d 'List in every namespace'
complete -c meshctl -n "__fish_meshctl_using_subcommand lane; and __fish_seen_subcommand_from list" -l show-managed-fields -d 'Keep `metadata.managedFields` in `-o json|yaml` (hidden by default)'
complete -c meshctl -n "__fish_meshctl_using_subcommand lane; and __fish_seen_subcommand_from list" -s v -l verbose -d 'More detail on stderr (resolved queries, requests); repeat for more'
complete -c meshctl -n "__fish_meshctl_using_subcommand lane; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Only errors and data'
complete -c meshctl -n "__fish_meshctl_using_subcommand lane; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c meshctl -n "__fish_meshctl_using_subcommand lane; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c meshctl -n "__fish_meshctl_using_subcommand lane; and __fish_seen_subcommand_from promote" -l dry-run -d '`client`: compute and show the result, write nothing; `server`: the API server checks it without saving; `none` (default): write' -r -f -a "none\t''
client\t''
server\t''"
complete -c meshctl -n "__fish_meshctl_using_subcommand lane; and __fish_seen_subcommand_from promote" -s n -l namespace -d 'Namespace of the resources (default: the context\'s namespace, then `default`)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand lane; and __fish_seen_subcommand_from promote" -l templates -d 'Directory whose templates override the built-in ones, file by file' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand lane; and __fish_seen_subcommand_from promote" -l kubeconfig -d 'Path to the kubeconfig file (default: `KUBECONFIG`, then ~/.kube/config)' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand lane; and __fish_seen_subcommand_from promote" -l context -d 'Kubeconfig context of the workload cluster' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand lane; and __fish_seen_subcommand_from promote" -l mesh-kubeconfig -d 'Kubeconfig of the mesh control plane (ASM), where Istio resources live' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand lane; and __fish_seen_subcommand_from promote" -l mesh-context -d 'Context of the mesh control plane (default: the workload context)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand lane; and __fish_seen_subcommand_from promote" -l request-timeout -d 'How long to wait for one API request, e.g. `30s`' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand lane; and __fish_seen_subcommand_from promote" -l target -d 'Mesh store: `kubernetes` (default) or `local` (see `meshctl local`)' -r -f -a "kubernetes\t'The Kubernetes cluster of the kubeconfig context'
local\t'The local mesh: files in a state directory, served by a local Envoy'"
complete -c meshctl -n "__fish_meshctl_using_subcommand lane; and __fish_seen_subcommand_from promote" -l local-dir -d 'State directory of the local mesh (default: `$XDG_DATA_HOME/meshctl/local`)' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand lane; and __fish_seen_subcommand_from promote" -l color -d 'When to use colour (`NO_COLOR` turns it off in `auto`)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c meshctl -n "__fish_meshctl_using_subcommand lane; and __fish_seen_subcommand_from promote" -s v -l verbose -d 'More detail on stderr (resolved queries, requests); repeat for more'
complete -c meshctl -n "__fish_meshctl_using_subcommand lane; and __fish_seen_subcommand_from promote" -s q -l quiet -d 'Only errors and data'
complete -c meshctl -n "__fish_meshctl_using_subcommand lane; and __fish_seen_subcommand_from promote" -s h -l help -d 'Print help'
complete -c meshctl -n "__fish_meshctl_using_subcommand lane; and __fish_seen_subcommand_from promote" -s V -l version -d 'Print version'
complete -c meshctl -n "__fish_meshctl_using_subcommand lane; and __fish_seen_subcommand_from shift" -l steps -d 'The lane\'s share of the group\'s ingress traffic at each step, in percent' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand lane; and __fish_seen_subcommand_from shift" -l interval -d 'How long each step is held and judged' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand lane; and __fish_seen_subcommand_from shift" -l timeout -d 'Fail a step not judged successful within this time' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand lane; and __fish_seen_subcommand_from shift" -l dry-run -d '`client`: compute and show the result, write nothing; `server`: the API server checks it without saving; `none` (default): write' -r -f -a "none\t''
client\t''
server\t''"
complete -c meshctl -n "__fish_meshctl_using_subcommand lane; and __fish_seen_subcommand_from shift" -l analysis -d 'Analysis spec file (see docs/analysis.md); the flags below override it' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand lane; and __fish_seen_subcommand_from shift" -l min-success-rate -d 'Fail a step when the new version answers less than this percent without 5xx' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand lane; and __fish_seen_subcommand_from shift" -l max-p99 -d 'Fail a step when the new version\'s p99 latency is above this' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand lane; and __fish_seen_subcommand_from shift" -l min-rps -d 'Fail a step when the new version gets fewer requests per second than this' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand lane; and __fish_seen_subcommand_from shift" -l min-requests -d 'Fewer requests than this in a window is no data, not a verdict' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand lane; and __fish_seen_subcommand_from shift" -l analysis-window -d 'How much traffic one analysis round judges (default: the step\'s `--interval`, at most 1m)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand lane; and __fish_seen_subcommand_from shift" -l analysis-interval -d 'Time between analysis rounds (default: half the window, within the step)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand lane; and __fish_seen_subcommand_from shift" -l alpha -d 'Sequential judgement: the chance of rolling back a canary that errs exactly at the allowed rate (default 0.01)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand lane; and __fish_seen_subcommand_from shift" -l beta -d 'Sequential judgement: the chance of missing a canary that errs at the allowed rate plus `--min-detectable-increase` (default 0.05)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand lane; and __fish_seen_subcommand_from shift" -l min-detectable-increase -d 'Sequential judgement: the increase of the error rate worth detecting, in percentage points over what `--min-success-rate` allows (default 10)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand lane; and __fish_seen_subcommand_from shift" -l min-detectable-shift -d 'Sequential judgement: how far above one half the chance that a canary request is slower than a stable one must be to roll back, with `compareToStable.maxLatencyIncrease` (default 0.1: slower in 60% of pairs)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand lane; and __fish_seen_subcommand_from shift" -l source -d 'Where figures come from: `envoy` (scrape the proxies\' stats twice, a window apart) or `prometheus` (ask about the last window); default: `prometheus` with `--prometheus-url`, else `envoy`' -r -f -a "envoy\t'Scrape the proxies\' `/stats/prometheus` twice, a window apart'
prometheus\t'Ask Prometheus about the last window'"
complete -c meshctl -n "__fish_meshctl_using_subcommand lane; and __fish_seen_subcommand_from shift" -l envoy-admin -d 'Envoy admin URL to scrape `/stats/prometheus` from (repeatable or comma-separated; default with `--target local`: the local mesh\'s Envoy)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand lane; and __fish_seen_subcommand_from shift" -l stats-port -d 'Pod port serving `/stats/prometheus` when scraping pods (15020 merged by the Istio agent, 15090 Envoy\'s)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand lane; and __fish_seen_subcommand_from shift" -l prometheus-url -d 'Prometheus base URL' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand lane; and __fish_seen_subcommand_from shift" -l prometheus-token-file -d 'File holding a bearer token for Prometheus (or set `MESHCTL_PROMETHEUS_TOKEN`)' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand lane; and __fish_seen_subcommand_from shift" -l prometheus-ca -d 'PEM file of CA certificates to trust for Prometheus' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand lane; and __fish_seen_subcommand_from shift" -l lock-ttl -d 'How long the lock outlives a silent driver (renewed every third of it while running; at least 1.5 times `--request-timeout`)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand lane; and __fish_seen_subcommand_from shift" -l outage-timeout -d 'How long reads and writes keep retrying an API server that does not answer (restarts, 5xx, 429) before the command gives up' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand lane; and __fish_seen_subcommand_from shift" -s o -l output -d 'Progress as JSON Lines on stdout (`json`) instead of lines for people' -r -f -a "json\t''"
complete -c meshctl -n "__fish_meshctl_using_subcommand lane; and __fish_seen_subcommand_from shift" -l api -d 'The object the rollout shifts: `istio` (the VirtualService SERVICE) or `gateway-api` (the HTTPRoute SERVICE). A new rollout defaults to `istio`; the other commands find the one carrying the rollout' -r -f -a "istio\t''
gateway-api\t''"
complete -c meshctl -n "__fish_meshctl_using_subcommand lane; and __fish_seen_subcommand_from shift" -l webhook -d 'Call URL at a hook point (repeatable). TYPE: confirm-rollout, pre-rollout, rollout, confirm-traffic-increase, confirm-promotion, post-rollout, rollback. A URL with a token must come from --webhook-file' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand lane; and __fish_seen_subcommand_from shift" -l webhook-file -d 'Like --webhook, the URL read from FILE each time the hook is called' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand lane; and __fish_seen_subcommand_from shift" -l webhook-env -d 'Like --webhook, the URL read from the environment variable VAR when called' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand lane; and __fish_seen_subcommand_from shift" -l hook-timeout -d 'How long one webhook call may take (unless the hook says)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand lane; and __fish_seen_subcommand_from shift" -l hook-retries -d 'Extra attempts of a failed webhook call (unless the hook says)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand lane; and __fish_seen_subcommand_from shift" -l gate-interval -d 'How often a closed gate is asked again' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand lane; and __fish_seen_subcommand_from shift" -l notify -d 'Tell a channel of every step, pause, promotion and rollback: `slack=FILE`, `dingtalk=FILE`, `feishu=FILE` (the file holds the robot\'s URL and secret) or `webhook=URL`; repeatable (docs/notifications.md)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand lane; and __fish_seen_subcommand_from shift" -l report -d 'When the rollout ends (whatever the end), write its report (one HTML file, see docs/report.md) to FILE; `-` for stdout' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand lane; and __fish_seen_subcommand_from shift" -s n -l namespace -d 'Namespace of the resources (default: the context\'s namespace, then `default`)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand lane; and __fish_seen_subcommand_from shift" -l templates -d 'Directory whose templates override the built-in ones, file by file' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand lane; and __fish_seen_subcommand_from shift" -l kubeconfig -d 'Path to the kubeconfig file (default: `KUBECONFIG`, then ~/.kube/config)' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand lane; and __fish_seen_subcommand_from shift" -l context -d 'Kubeconfig context of the workload cluster' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand lane; and __fish_seen_subcommand_from shift" -l mesh-kubeconfig -d 'Kubeconfig of the mesh control plane (ASM), where Istio resources live' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand lane; and __fish_seen_subcommand_from shift" -l mesh-context -d 'Context of the mesh control plane (default: the workload context)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand lane; and __fish_seen_subcommand_from shift" -l request-timeout -d 'How long to wait for one API request, e.g. `30s`' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand lane; and __fish_seen_subcommand_from shift" -l target -d 'Mesh store: `kubernetes` (default) or `local` (see `meshctl local`)' -r -f -a "kubernetes\t'The Kubernetes cluster of the kubeconfig context'
local\t'The local mesh: files in a state directory, served by a local Envoy'"
complete -c meshctl -n "__fish_meshctl_using_subcommand lane; and __fish_seen_subcommand_from shift" -l local-dir -d 'State directory of the local mesh (default: `$XDG_DATA_HOME/meshctl/local`)' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand lane; and __fish_seen_subcommand_from shift" -l color -d 'When to use colour (`NO_COLOR` turns it off in `auto`)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c meshctl -n "__fish_meshctl_using_subcommand lane; and __fish_seen_subcommand_from shift" -l pause-before-promote -d 'After the last step, wait for `canary promote` on the ingress object'
complete -c meshctl -n "__fish_meshctl_using_subcommand lane; and __fish_seen_subcommand_from shift" -s y -l yes -d 'Shift without asking (required without a terminal)'
complete -c meshctl -n "__fish_meshctl_using_subcommand lane; and __fish_seen_subcommand_from shift" -l early-promote -d 'End a step early when the sequential tests show it healthy (default: every step holds its `--interval`)'
complete -c meshctl -n "__fish_meshctl_using_subcommand lane; and __fish_seen_subcommand_from shift" -s v -l verbose -d 'More detail on stderr (resolved queries, requests); repeat for more'
complete -c meshctl -n "__fish_meshctl_using_subcommand lane; and __fish_seen_subcommand_from shift" -s q -l quiet -d 'Only errors and data'
complete -c meshctl -n "__fish_meshctl_using_subcommand lane; and __fish_seen_subcommand_from shift" -s h -l help -d 'Print help'
complete -c meshctl -n "__fish_meshctl_using_subcommand lane; and __fish_seen_subcommand_from shift" -s V -l version -d 'Print version'
complete -c meshctl -n "__fish_meshctl_using_subcommand lane; and __fish_seen_subcommand_from rollback" -l reason -d 'Why, for the record and the event' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand lane; and __fish_seen_subcommand_from rollback" -l lock-ttl -d 'How long the lock outlives a silent driver (renewed every third of it while running; at least 1.5 times `--request-timeout`)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand lane; and __fish_seen_subcommand_from rollback" -l outage-timeout -d 'How long reads and writes keep retrying an API server that does not answer (restarts, 5xx, 429) before the command gives up' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand lane; and __fish_seen_subcommand_from rollback" -s o -l output -d 'Progress as JSON Lines on stdout (`json`) instead of lines for people' -r -f -a "json\t''"
complete -c meshctl -n "__fish_meshctl_using_subcommand lane; and __fish_seen_subcommand_from rollback" -l api -d 'The object the rollout shifts: `istio` (the VirtualService SERVICE) or `gateway-api` (the HTTPRoute SERVICE). A new rollout defaults to `istio`; the other commands find the one carrying the rollout' -r -f -a "istio\t''
gateway-api\t''"
complete -c meshctl -n "__fish_meshctl_using_subcommand lane; and __fish_seen_subcommand_from rollback" -s n -l namespace -d 'Namespace of the resources (default: the context\'s namespace, then `default`)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand lane; and __fish_seen_subcommand_from rollback" -l templates -d 'Directory whose templates override the built-in ones, file by file' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand lane; and __fish_seen_subcommand_from rollback" -l kubeconfig -d 'Path to the kubeconfig file (default: `KUBECONFIG`, then ~/.kube/config)' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand lane; and __fish_seen_subcommand_from rollback" -l context -d 'Kubeconfig context of the workload cluster' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand lane; and __fish_seen_subcommand_from rollback" -l mesh-kubeconfig -d 'Kubeconfig of the mesh control plane (ASM), where Istio resources live' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand lane; and __fish_seen_subcommand_from rollback" -l mesh-context -d 'Context of the mesh control plane (default: the workload context)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand lane; and __fish_seen_subcommand_from rollback" -l request-timeout -d 'How long to wait for one API request, e.g. `30s`' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand lane; and __fish_seen_subcommand_from rollback" -l target -d 'Mesh store: `kubernetes` (default) or `local` (see `meshctl local`)' -r -f -a "kubernetes\t'The Kubernetes cluster of the kubeconfig context'
local\t'The local mesh: files in a state directory, served by a local Envoy'"
complete -c meshctl -n "__fish_meshctl_using_subcommand lane; and __fish_seen_subcommand_from rollback" -l local-dir -d 'State directory of the local mesh (default: `$XDG_DATA_HOME/meshctl/local`)' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand lane; and __fish_seen_subcommand_from rollback" -l color -d 'When to use colour (`NO_COLOR` turns it off in `auto`)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c meshctl -n "__fish_meshctl_using_subcommand lane; and __fish_seen_subcommand_from rollback" -s v -l verbose -d 'More detail on stderr (resolved queries, requests); repeat for more'
complete -c meshctl -n "__fish_meshctl_using_subcommand lane; and __fish_seen_subcommand_from rollback" -s q -l quiet -d 'Only errors and data'
complete -c meshctl -n "__fish_meshctl_using_subcommand lane; and __fish_seen_subcommand_from rollback" -s h -l help -d 'Print help'
complete -c meshctl -n "__fish_meshctl_using_subcommand lane; and __fish_seen_subcommand_from rollback" -s V -l version -d 'Print version'
complete -c meshctl -n "__fish_meshctl_using_subcommand lane; and __fish_seen_subcommand_from report" -l file -d 'Where to write the HTML; `-` (the default) for stdout' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand lane; and __fish_seen_subcommand_from report" -s n -l namespace -d 'Namespace of the resources (default: the context\'s namespace, then `default`)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand lane; and __fish_seen_subcommand_from report" -l templates -d 'Directory whose templates override the built-in ones, file by file' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand lane; and __fish_seen_subcommand_from report" -l kubeconfig -d 'Path to the kubeconfig file (default: `KUBECONFIG`, then ~/.kube/config)' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand lane; and __fish_seen_subcommand_from report" -l context -d 'Kubeconfig context of the workload cluster' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand lane; and __fish_seen_subcommand_from report" -l mesh-kubeconfig -d 'Kubeconfig of the mesh control plane (ASM), where Istio resources live' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand lane; and __fish_seen_subcommand_from report" -l mesh-context -d 'Context of the mesh control plane (default: the workload context)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand lane; and __fish_seen_subcommand_from report" -l request-timeout -d 'How long to wait for one API request, e.g. `30s`' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand lane; and __fish_seen_subcommand_from report" -l target -d 'Mesh store: `kubernetes` (default) or `local` (see `meshctl local`)' -r -f -a "kubernetes\t'The Kubernetes cluster of the kubeconfig context'
local\t'The local mesh: files in a state directory, served by a local Envoy'"
complete -c meshctl -n "__fish_meshctl_using_subcommand lane; and __fish_seen_subcommand_from report" -l local-dir -d 'State directory of the local mesh (default: `$XDG_DATA_HOME/meshctl/local`)' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand lane; and __fish_seen_subcommand_from report" -l color -d 'When to use colour (`NO_COLOR` turns it off in `auto`)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c meshctl -n "__fish_meshctl_using_subcommand lane; and __fish_seen_subcommand_from report" -s v -l verbose -d 'More detail on stderr (resolved queries, requests); repeat for more'
complete -c meshctl -n "__fish_meshctl_using_subcommand lane; and __fish_seen_subcommand_from report" -s q -l quiet -d 'Only errors and data'
complete -c meshctl -n "__fish_meshctl_using_subcommand lane; and __fish_seen_subcommand_from report" -s h -l help -d 'Print help'
complete -c meshctl -n "__fish_meshctl_using_subcommand lane; and __fish_seen_subcommand_from report" -s V -l version -d 'Print version'
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
complete -c meshctl -n "__fish_meshctl_using_subcommand templates; and __fish_seen_subcommand_from list" -s o -l output -d 'Output format: `table`, `wide` (more columns), `json`, `yaml` or `name` (`kind/name` lines)' -r -f -a "table\t''
wide\t''
json\t''
yaml\t''
name\t''"
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
complete -c meshctl -n "__fish_meshctl_using_subcommand templates; and __fish_seen_subcommand_from list" -l show-managed-fields -d 'Keep `metadata.managedFields` in `-o json|yaml` (hidden by default)'
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
complete -c meshctl -n "__fish_meshctl_using_subcommand local; and not __fish_seen_subcommand_from up down status endpoint workload" -s n -l namespace -d 'Namespace of the resources (default: the context\'s namespace, then `default`)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand local; and not __fish_seen_subcommand_from up down status endpoint workload" -l templates -d 'Directory whose templates override the built-in ones, file by file' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand local; and not __fish_seen_subcommand_from up down status endpoint workload" -l kubeconfig -d 'Path to the kubeconfig file (default: `KUBECONFIG`, then ~/.kube/config)' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand local; and not __fish_seen_subcommand_from up down status endpoint workload" -l context -d 'Kubeconfig context of the workload cluster' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand local; and not __fish_seen_subcommand_from up down status endpoint workload" -l mesh-kubeconfig -d 'Kubeconfig of the mesh control plane (ASM), where Istio resources live' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand local; and not __fish_seen_subcommand_from up down status endpoint workload" -l mesh-context -d 'Context of the mesh control plane (default: the workload context)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand local; and not __fish_seen_subcommand_from up down status endpoint workload" -l request-timeout -d 'How long to wait for one API request, e.g. `30s`' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand local; and not __fish_seen_subcommand_from up down status endpoint workload" -l target -d 'Mesh store: `kubernetes` (default) or `local` (see `meshctl local`)' -r -f -a "kubernetes\t'The Kubernetes cluster of the kubeconfig context'
local\t'The local mesh: files in a state directory, served by a local Envoy'"
complete -c meshctl -n "__fish_meshctl_using_subcommand local; and not __fish_seen_subcommand_from up down status endpoint workload" -l local-dir -d 'State directory of the local mesh (default: `$XDG_DATA_HOME/meshctl/local`)' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand local; and not __fish_seen_subcommand_from up down status endpoint workload" -l color -d 'When to use colour (`NO_COLOR` turns it off in `auto`)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c meshctl -n "__fish_meshctl_using_subcommand local; and not __fish_seen_subcommand_from up down status endpoint workload" -s v -l verbose -d 'More detail on stderr (resolved queries, requests); repeat for more'
complete -c meshctl -n "__fish_meshctl_using_subcommand local; and not __fish_seen_subcommand_from up down status endpoint workload" -s q -l quiet -d 'Only errors and data'
complete -c meshctl -n "__fish_meshctl_using_subcommand local; and not __fish_seen_subcommand_from up down status endpoint workload" -s h -l help -d 'Print help'
complete -c meshctl -n "__fish_meshctl_using_subcommand local; and not __fish_seen_subcommand_from up down status endpoint workload" -s V -l version -d 'Print version'
complete -c meshctl -n "__fish_meshctl_using_subcommand local; and not __fish_seen_subcommand_from up down status endpoint workload" -f -a "up" -d 'Start Envoy for the local mesh and serve the stored objects'
complete -c meshctl -n "__fish_meshctl_using_subcommand local; and not __fish_seen_subcommand_from up down status endpoint workload" -f -a "down" -d 'Stop the local mesh\'s Envoy and its workloads\' processes (the stored objects stay)'
complete -c meshctl -n "__fish_meshctl_using_subcommand local; and not __fish_seen_subcommand_from up down status endpoint workload" -f -a "status" -d 'Show Envoy\'s PID, ports, configuration version, resources and endpoints'
complete -c meshctl -n "__fish_meshctl_using_subcommand local; and not __fish_seen_subcommand_from up down status endpoint workload" -f -a "endpoint" -d 'Add, remove and list backend addresses of service subsets'
complete -c meshctl -n "__fish_meshctl_using_subcommand local; and not __fish_seen_subcommand_from up down status endpoint workload" -f -a "workload" -d 'Start, stop, scale and list versions of a service run as demo backends'
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
complete -c meshctl -n "__fish_meshctl_using_subcommand local; and __fish_seen_subcommand_from status" -s o -l output -d 'Output format: `table`, `wide` (more columns), `json`, `yaml` or `name` (`kind/name` lines)' -r -f -a "table\t''
wide\t''
json\t''
yaml\t''
name\t''"
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
complete -c meshctl -n "__fish_meshctl_using_subcommand local; and __fish_seen_subcommand_from status" -l show-managed-fields -d 'Keep `metadata.managedFields` in `-o json|yaml` (hidden by default)'
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
complete -c meshctl -n "__fish_meshctl_using_subcommand local; and __fish_seen_subcommand_from workload" -s n -l namespace -d 'Namespace of the resources (default: the context\'s namespace, then `default`)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand local; and __fish_seen_subcommand_from workload" -l templates -d 'Directory whose templates override the built-in ones, file by file' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand local; and __fish_seen_subcommand_from workload" -l kubeconfig -d 'Path to the kubeconfig file (default: `KUBECONFIG`, then ~/.kube/config)' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand local; and __fish_seen_subcommand_from workload" -l context -d 'Kubeconfig context of the workload cluster' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand local; and __fish_seen_subcommand_from workload" -l mesh-kubeconfig -d 'Kubeconfig of the mesh control plane (ASM), where Istio resources live' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand local; and __fish_seen_subcommand_from workload" -l mesh-context -d 'Context of the mesh control plane (default: the workload context)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand local; and __fish_seen_subcommand_from workload" -l request-timeout -d 'How long to wait for one API request, e.g. `30s`' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand local; and __fish_seen_subcommand_from workload" -l target -d 'Mesh store: `kubernetes` (default) or `local` (see `meshctl local`)' -r -f -a "kubernetes\t'The Kubernetes cluster of the kubeconfig context'
local\t'The local mesh: files in a state directory, served by a local Envoy'"
complete -c meshctl -n "__fish_meshctl_using_subcommand local; and __fish_seen_subcommand_from workload" -l local-dir -d 'State directory of the local mesh (default: `$XDG_DATA_HOME/meshctl/local`)' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand local; and __fish_seen_subcommand_from workload" -l color -d 'When to use colour (`NO_COLOR` turns it off in `auto`)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c meshctl -n "__fish_meshctl_using_subcommand local; and __fish_seen_subcommand_from workload" -s v -l verbose -d 'More detail on stderr (resolved queries, requests); repeat for more'
complete -c meshctl -n "__fish_meshctl_using_subcommand local; and __fish_seen_subcommand_from workload" -s q -l quiet -d 'Only errors and data'
complete -c meshctl -n "__fish_meshctl_using_subcommand local; and __fish_seen_subcommand_from workload" -s h -l help -d 'Print help'
complete -c meshctl -n "__fish_meshctl_using_subcommand local; and __fish_seen_subcommand_from workload" -s V -l version -d 'Print version'
complete -c meshctl -n "__fish_meshctl_using_subcommand local; and __fish_seen_subcommand_from workload" -f -a "start" -d 'Start a version of a service as demo backend processes and route to them'
complete -c meshctl -n "__fish_meshctl_using_subcommand local; and __fish_seen_subcommand_from workload" -f -a "stop" -d 'Stop a workload\'s processes and remove its endpoints (the entry stays)'
complete -c meshctl -n "__fish_meshctl_using_subcommand local; and __fish_seen_subcommand_from workload" -f -a "scale" -d 'Run this many copies of a workload'
complete -c meshctl -n "__fish_meshctl_using_subcommand local; and __fish_seen_subcommand_from workload" -f -a "delete" -d 'Stop a workload and forget it'
complete -c meshctl -n "__fish_meshctl_using_subcommand local; and __fish_seen_subcommand_from workload" -f -a "list" -d 'List the workloads, their copies, ports and age'
complete -c meshctl -n "__fish_meshctl_using_subcommand metrics" -l subsets -d 'Subsets to show (default: the DestinationRule\'s subsets)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand metrics" -l window -d 'The traffic to measure: the next (Envoy) or last (Prometheus) window' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand metrics" -l port -d 'The service port, to tell its clusters from other ports\' (default: any port)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand metrics" -l timeout -d 'How long one query or scrape may take' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand metrics" -s o -l output -d 'Output format: `table`, `wide` (more columns), `json`, `yaml` or `name` (`kind/name` lines)' -r -f -a "table\t''
wide\t''
json\t''
yaml\t''
name\t''"
complete -c meshctl -n "__fish_meshctl_using_subcommand metrics" -l source -d 'Where figures come from: `envoy` (scrape the proxies\' stats twice, a window apart) or `prometheus` (ask about the last window); default: `prometheus` with `--prometheus-url`, else `envoy`' -r -f -a "envoy\t'Scrape the proxies\' `/stats/prometheus` twice, a window apart'
prometheus\t'Ask Prometheus about the last window'"
complete -c meshctl -n "__fish_meshctl_using_subcommand metrics" -l envoy-admin -d 'Envoy admin URL to scrape `/stats/prometheus` from (repeatable or comma-separated; default with `--target local`: the local mesh\'s Envoy)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand metrics" -l stats-port -d 'Pod port serving `/stats/prometheus` when scraping pods (15020 merged by the Istio agent, 15090 Envoy\'s)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand metrics" -l prometheus-url -d 'Prometheus base URL' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand metrics" -l prometheus-token-file -d 'File holding a bearer token for Prometheus (or set `MESHCTL_PROMETHEUS_TOKEN`)' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand metrics" -l prometheus-ca -d 'PEM file of CA certificates to trust for Prometheus' -r -F
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
complete -c meshctl -n "__fish_meshctl_using_subcommand metrics" -l show-managed-fields -d 'Keep `metadata.managedFields` in `-o json|yaml` (hidden by default)'
complete -c meshctl -n "__fish_meshctl_using_subcommand metrics" -s v -l verbose -d 'More detail on stderr (resolved queries, requests); repeat for more'
complete -c meshctl -n "__fish_meshctl_using_subcommand metrics" -s q -l quiet -d 'Only errors and data'
complete -c meshctl -n "__fish_meshctl_using_subcommand metrics" -s h -l help -d 'Print help'
complete -c meshctl -n "__fish_meshctl_using_subcommand metrics" -s V -l version -d 'Print version'
complete -c meshctl -n "__fish_meshctl_using_subcommand demo; and not __fish_seen_subcommand_from backend canary bluegreen lanes" -s n -l namespace -d 'Namespace of the resources (default: the context\'s namespace, then `default`)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand demo; and not __fish_seen_subcommand_from backend canary bluegreen lanes" -l templates -d 'Directory whose templates override the built-in ones, file by file' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand demo; and not __fish_seen_subcommand_from backend canary bluegreen lanes" -l kubeconfig -d 'Path to the kubeconfig file (default: `KUBECONFIG`, then ~/.kube/config)' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand demo; and not __fish_seen_subcommand_from backend canary bluegreen lanes" -l context -d 'Kubeconfig context of the workload cluster' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand demo; and not __fish_seen_subcommand_from backend canary bluegreen lanes" -l mesh-kubeconfig -d 'Kubeconfig of the mesh control plane (ASM), where Istio resources live' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand demo; and not __fish_seen_subcommand_from backend canary bluegreen lanes" -l mesh-context -d 'Context of the mesh control plane (default: the workload context)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand demo; and not __fish_seen_subcommand_from backend canary bluegreen lanes" -l request-timeout -d 'How long to wait for one API request, e.g. `30s`' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand demo; and not __fish_seen_subcommand_from backend canary bluegreen lanes" -l target -d 'Mesh store: `kubernetes` (default) or `local` (see `meshctl local`)' -r -f -a "kubernetes\t'The Kubernetes cluster of the kubeconfig context'
local\t'The local mesh: files in a state directory, served by a local Envoy'"
complete -c meshctl -n "__fish_meshctl_using_subcommand demo; and not __fish_seen_subcommand_from backend canary bluegreen lanes" -l local-dir -d 'State directory of the local mesh (default: `$XDG_DATA_HOME/meshctl/local`)' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand demo; and not __fish_seen_subcommand_from backend canary bluegreen lanes" -l color -d 'When to use colour (`NO_COLOR` turns it off in `auto`)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c meshctl -n "__fish_meshctl_using_subcommand demo; and not __fish_seen_subcommand_from backend canary bluegreen lanes" -s v -l verbose -d 'More detail on stderr (resolved queries, requests); repeat for more'
complete -c meshctl -n "__fish_meshctl_using_subcommand demo; and not __fish_seen_subcommand_from backend canary bluegreen lanes" -s q -l quiet -d 'Only errors and data'
complete -c meshctl -n "__fish_meshctl_using_subcommand demo; and not __fish_seen_subcommand_from backend canary bluegreen lanes" -s h -l help -d 'Print help'
complete -c meshctl -n "__fish_meshctl_using_subcommand demo; and not __fish_seen_subcommand_from backend canary bluegreen lanes" -s V -l version -d 'Print version'
complete -c meshctl -n "__fish_meshctl_using_subcommand demo; and not __fish_seen_subcommand_from backend canary bluegreen lanes" -f -a "backend" -d 'Serve HTTP as one version of a service, with a chosen error rate and latency'
complete -c meshctl -n "__fish_meshctl_using_subcommand demo; and not __fish_seen_subcommand_from backend canary bluegreen lanes" -f -a "canary" -d 'Run a whole canary on a throw-away local mesh with real Envoy and traffic'
complete -c meshctl -n "__fish_meshctl_using_subcommand demo; and not __fish_seen_subcommand_from backend canary bluegreen lanes" -f -a "bluegreen" -d 'Run a whole blue-green switch on a throw-away local mesh with real Envoy and traffic'
complete -c meshctl -n "__fish_meshctl_using_subcommand demo; and not __fish_seen_subcommand_from backend canary bluegreen lanes" -f -a "lanes" -d 'Show traffic lanes on a throw-away local mesh: chained backends, a lane, a lane shift'
complete -c meshctl -n "__fish_meshctl_using_subcommand demo; and __fish_seen_subcommand_from backend" -l name -d 'The service name the answers carry' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand demo; and __fish_seen_subcommand_from backend" -l version -d 'The version the answers carry (and `x-meshctl-version`)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand demo; and __fish_seen_subcommand_from backend" -l port -d 'Port to listen on (0 picks a free one)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand demo; and __fish_seen_subcommand_from backend" -l error-rate -d 'Share of requests answered with 500, from 0 to 1; spread evenly (0.2 = every fifth)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand demo; and __fish_seen_subcommand_from backend" -l spare-header -d 'Requests carrying this header never fail and do not count for `--error-rate`: a version passes its preview (e.g. `x-meshctl-preview`) and fails real traffic' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand demo; and __fish_seen_subcommand_from backend" -l latency -d 'Time added before every answer, e.g. `50ms`' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand demo; and __fish_seen_subcommand_from backend" -l bind -d 'Address to listen on' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand demo; and __fish_seen_subcommand_from backend" -l call -d 'Call this service (through `--mesh`, Host header = SERVICE) on every request and answer with the chain of versions it reports after this one\'s' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand demo; and __fish_seen_subcommand_from backend" -l mesh -d 'The mesh listener `--call` goes through' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand demo; and __fish_seen_subcommand_from backend" -l propagate -d 'A request header passed on to `--call` (repeatable); no other header is' -r
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
complete -c meshctl -n "__fish_meshctl_using_subcommand demo; and __fish_seen_subcommand_from canary" -l plan -d 'Run this step plan (docs/plan.md) instead of the demo\'s own steps' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand demo; and __fish_seen_subcommand_from canary" -l api -d 'Route with `istio` (a VirtualService between subsets) or `gateway-api` (an HTTPRoute on the Service `reviews` between the Services `reviews-v1` and `reviews-v2`)' -r -f -a "istio\t''
gateway-api\t''"
complete -c meshctl -n "__fish_meshctl_using_subcommand demo; and __fish_seen_subcommand_from canary" -l envoy -d 'The Envoy binary (default: `envoy` on `PATH`)' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand demo; and __fish_seen_subcommand_from canary" -l webhook -d 'Call URL at a hook point (repeatable). TYPE: confirm-rollout, pre-rollout, rollout, confirm-traffic-increase, confirm-promotion, post-rollout, rollback. A URL with a token must come from --webhook-file' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand demo; and __fish_seen_subcommand_from canary" -l webhook-file -d 'Like --webhook, the URL read from FILE each time the hook is called' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand demo; and __fish_seen_subcommand_from canary" -l webhook-env -d 'Like --webhook, the URL read from the environment variable VAR when called' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand demo; and __fish_seen_subcommand_from canary" -l hook-timeout -d 'How long one webhook call may take (unless the hook says)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand demo; and __fish_seen_subcommand_from canary" -l hook-retries -d 'Extra attempts of a failed webhook call (unless the hook says)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand demo; and __fish_seen_subcommand_from canary" -l gate-interval -d 'How often a closed gate is asked again' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand demo; and __fish_seen_subcommand_from canary" -l notify -d 'Tell a channel of every step, pause, promotion and rollback: `slack=FILE`, `dingtalk=FILE`, `feishu=FILE` (the file holds the robot\'s URL and secret) or `webhook=URL`; repeatable (docs/notifications.md)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand demo; and __fish_seen_subcommand_from canary" -s n -l namespace -d 'Namespace of the resources (default: the context\'s namespace, then `default`)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand demo; and __fish_seen_subcommand_from canary" -l templates -d 'Directory whose templates override the built-in ones, file by file' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand demo; and __fish_seen_subcommand_from canary" -l kubeconfig -d 'Path to the kubeconfig file (default: `KUBECONFIG`, then ~/.kube/config)' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand demo; and __fish_seen_subcommand_from canary" -l context -d 'Kubeconfig context of the workload cluster' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand demo; and __fish_seen_subcommand_from canary" -l mesh-kubeconfig -d 'Kubeconfig of the mesh control plane (ASM), where Istio resources live' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand demo; and __fish_seen_subcommand_from canary" -l mesh-context -d 'Context of the mesh control plane (default: the workload context)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand demo; and __fish_seen_subcommand_from canary" -l request-timeout -d 'How long to wait for one API request, e.g. `30s`' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand demo; and __fish_seen_subcommand_from canary" -l target -d 'Mesh store: `kubernetes` (default) or `local` (see `meshctl local`)' -r -f -a "kubernetes\t'The Kubernetes cluster of the kubeconfig context'
local\t'The local mesh: files in a state directory, served by a local Envoy'"
complete -c meshctl -n "__fish_meshctl_using_subcommand demo; and __fish_seen_subcommand_from canary" -l local-dir -d 'State directory of the local mesh (default: `$XDG_DATA_HOME/meshctl/local`)' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand demo; and __fish_seen_subcommand_from canary" -l color -d 'When to use colour (`NO_COLOR` turns it off in `auto`)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c meshctl -n "__fish_meshctl_using_subcommand demo; and __fish_seen_subcommand_from canary" -l bad -d 'Make the new version fail half of its requests'
complete -c meshctl -n "__fish_meshctl_using_subcommand demo; and __fish_seen_subcommand_from canary" -l workload -d 'Start v2 as a local workload (`meshctl local workload`) and stop it again when the canary is rolled back; the workloads are shown at the end'
complete -c meshctl -n "__fish_meshctl_using_subcommand demo; and __fish_seen_subcommand_from canary" -s v -l verbose -d 'More detail on stderr (resolved queries, requests); repeat for more'
complete -c meshctl -n "__fish_meshctl_using_subcommand demo; and __fish_seen_subcommand_from canary" -s q -l quiet -d 'Only errors and data'
complete -c meshctl -n "__fish_meshctl_using_subcommand demo; and __fish_seen_subcommand_from canary" -s h -l help -d 'Print help'
complete -c meshctl -n "__fish_meshctl_using_subcommand demo; and __fish_seen_subcommand_from canary" -s V -l version -d 'Print version'
complete -c meshctl -n "__fish_meshctl_using_subcommand demo; and __fish_seen_subcommand_from bluegreen" -l plan -d 'Move traffic from blue to green by this step plan (docs/plan.md) instead of `bluegreen switch`; the demo\'s preview requests carry `x-meshctl-preview: green`' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand demo; and __fish_seen_subcommand_from bluegreen" -l envoy -d 'The Envoy binary (default: `envoy` on `PATH`)' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand demo; and __fish_seen_subcommand_from bluegreen" -l webhook -d 'Call URL at a hook point (repeatable). TYPE: confirm-rollout, pre-rollout, rollout, confirm-traffic-increase, confirm-promotion, post-rollout, rollback. A URL with a token must come from --webhook-file' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand demo; and __fish_seen_subcommand_from bluegreen" -l webhook-file -d 'Like --webhook, the URL read from FILE each time the hook is called' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand demo; and __fish_seen_subcommand_from bluegreen" -l webhook-env -d 'Like --webhook, the URL read from the environment variable VAR when called' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand demo; and __fish_seen_subcommand_from bluegreen" -l hook-timeout -d 'How long one webhook call may take (unless the hook says)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand demo; and __fish_seen_subcommand_from bluegreen" -l hook-retries -d 'Extra attempts of a failed webhook call (unless the hook says)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand demo; and __fish_seen_subcommand_from bluegreen" -l gate-interval -d 'How often a closed gate is asked again' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand demo; and __fish_seen_subcommand_from bluegreen" -l notify -d 'Tell a channel of every step, pause, promotion and rollback: `slack=FILE`, `dingtalk=FILE`, `feishu=FILE` (the file holds the robot\'s URL and secret) or `webhook=URL`; repeatable (docs/notifications.md)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand demo; and __fish_seen_subcommand_from bluegreen" -s n -l namespace -d 'Namespace of the resources (default: the context\'s namespace, then `default`)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand demo; and __fish_seen_subcommand_from bluegreen" -l templates -d 'Directory whose templates override the built-in ones, file by file' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand demo; and __fish_seen_subcommand_from bluegreen" -l kubeconfig -d 'Path to the kubeconfig file (default: `KUBECONFIG`, then ~/.kube/config)' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand demo; and __fish_seen_subcommand_from bluegreen" -l context -d 'Kubeconfig context of the workload cluster' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand demo; and __fish_seen_subcommand_from bluegreen" -l mesh-kubeconfig -d 'Kubeconfig of the mesh control plane (ASM), where Istio resources live' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand demo; and __fish_seen_subcommand_from bluegreen" -l mesh-context -d 'Context of the mesh control plane (default: the workload context)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand demo; and __fish_seen_subcommand_from bluegreen" -l request-timeout -d 'How long to wait for one API request, e.g. `30s`' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand demo; and __fish_seen_subcommand_from bluegreen" -l target -d 'Mesh store: `kubernetes` (default) or `local` (see `meshctl local`)' -r -f -a "kubernetes\t'The Kubernetes cluster of the kubeconfig context'
local\t'The local mesh: files in a state directory, served by a local Envoy'"
complete -c meshctl -n "__fish_meshctl_using_subcommand demo; and __fish_seen_subcommand_from bluegreen" -l local-dir -d 'State directory of the local mesh (default: `$XDG_DATA_HOME/meshctl/local`)' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand demo; and __fish_seen_subcommand_from bluegreen" -l color -d 'When to use colour (`NO_COLOR` turns it off in `auto`)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c meshctl -n "__fish_meshctl_using_subcommand demo; and __fish_seen_subcommand_from bluegreen" -l bad -d 'Make green fail half of the real traffic after the switch (its preview passes)'
complete -c meshctl -n "__fish_meshctl_using_subcommand demo; and __fish_seen_subcommand_from bluegreen" -s v -l verbose -d 'More detail on stderr (resolved queries, requests); repeat for more'
complete -c meshctl -n "__fish_meshctl_using_subcommand demo; and __fish_seen_subcommand_from bluegreen" -s q -l quiet -d 'Only errors and data'
complete -c meshctl -n "__fish_meshctl_using_subcommand demo; and __fish_seen_subcommand_from bluegreen" -s h -l help -d 'Print help'
complete -c meshctl -n "__fish_meshctl_using_subcommand demo; and __fish_seen_subcommand_from bluegreen" -s V -l version -d 'Print version'
complete -c meshctl -n "__fish_meshctl_using_subcommand demo; and __fish_seen_subcommand_from lanes" -l envoy -d 'The Envoy binary (default: `envoy` on `PATH`)' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand demo; and __fish_seen_subcommand_from lanes" -s n -l namespace -d 'Namespace of the resources (default: the context\'s namespace, then `default`)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand demo; and __fish_seen_subcommand_from lanes" -l templates -d 'Directory whose templates override the built-in ones, file by file' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand demo; and __fish_seen_subcommand_from lanes" -l kubeconfig -d 'Path to the kubeconfig file (default: `KUBECONFIG`, then ~/.kube/config)' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand demo; and __fish_seen_subcommand_from lanes" -l context -d 'Kubeconfig context of the workload cluster' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand demo; and __fish_seen_subcommand_from lanes" -l mesh-kubeconfig -d 'Kubeconfig of the mesh control plane (ASM), where Istio resources live' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand demo; and __fish_seen_subcommand_from lanes" -l mesh-context -d 'Context of the mesh control plane (default: the workload context)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand demo; and __fish_seen_subcommand_from lanes" -l request-timeout -d 'How long to wait for one API request, e.g. `30s`' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand demo; and __fish_seen_subcommand_from lanes" -l target -d 'Mesh store: `kubernetes` (default) or `local` (see `meshctl local`)' -r -f -a "kubernetes\t'The Kubernetes cluster of the kubeconfig context'
local\t'The local mesh: files in a state directory, served by a local Envoy'"
complete -c meshctl -n "__fish_meshctl_using_subcommand demo; and __fish_seen_subcommand_from lanes" -l local-dir -d 'State directory of the local mesh (default: `$XDG_DATA_HOME/meshctl/local`)' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand demo; and __fish_seen_subcommand_from lanes" -l color -d 'When to use colour (`NO_COLOR` turns it off in `auto`)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c meshctl -n "__fish_meshctl_using_subcommand demo; and __fish_seen_subcommand_from lanes" -l strict -d 'A strict lane with v2 of every service instead of a permissive one holding b'
complete -c meshctl -n "__fish_meshctl_using_subcommand demo; and __fish_seen_subcommand_from lanes" -l bad -d 'Make b\'s lane version (v2) fail half of its requests'
complete -c meshctl -n "__fish_meshctl_using_subcommand demo; and __fish_seen_subcommand_from lanes" -s v -l verbose -d 'More detail on stderr (resolved queries, requests); repeat for more'
complete -c meshctl -n "__fish_meshctl_using_subcommand demo; and __fish_seen_subcommand_from lanes" -s q -l quiet -d 'Only errors and data'
complete -c meshctl -n "__fish_meshctl_using_subcommand demo; and __fish_seen_subcommand_from lanes" -s h -l help -d 'Print help'
complete -c meshctl -n "__fish_meshctl_using_subcommand demo; and __fish_seen_subcommand_from lanes" -s V -l version -d 'Print version'
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
complete -c meshctl -n "__fish_meshctl_using_subcommand __complete" -s n -l namespace -d 'Namespace of the resources (default: the context\'s namespace, then `default`)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand __complete" -l templates -d 'Directory whose templates override the built-in ones, file by file' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand __complete" -l kubeconfig -d 'Path to the kubeconfig file (default: `KUBECONFIG`, then ~/.kube/config)' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand __complete" -l context -d 'Kubeconfig context of the workload cluster' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand __complete" -l mesh-kubeconfig -d 'Kubeconfig of the mesh control plane (ASM), where Istio resources live' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand __complete" -l mesh-context -d 'Context of the mesh control plane (default: the workload context)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand __complete" -l request-timeout -d 'How long to wait for one API request, e.g. `30s`' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand __complete" -l target -d 'Mesh store: `kubernetes` (default) or `local` (see `meshctl local`)' -r -f -a "kubernetes\t'The Kubernetes cluster of the kubeconfig context'
local\t'The local mesh: files in a state directory, served by a local Envoy'"
complete -c meshctl -n "__fish_meshctl_using_subcommand __complete" -l local-dir -d 'State directory of the local mesh (default: `$XDG_DATA_HOME/meshctl/local`)' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand __complete" -l color -d 'When to use colour (`NO_COLOR` turns it off in `auto`)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c meshctl -n "__fish_meshctl_using_subcommand __complete" -l cobra -d 'The last word is the one being completed: print the words that start with it, one per line, then `:DIRECTIVE` (cobra\'s `__complete` format, for kubectl)'
complete -c meshctl -n "__fish_meshctl_using_subcommand __complete" -s v -l verbose -d 'More detail on stderr (resolved queries, requests); repeat for more'
complete -c meshctl -n "__fish_meshctl_using_subcommand __complete" -s q -l quiet -d 'Only errors and data'
complete -c meshctl -n "__fish_meshctl_using_subcommand __complete" -s h -l help -d 'Print help'
complete -c meshctl -n "__fish_meshctl_using_subcommand __complete" -s V -l version -d 'Print version'
complete -c meshctl -n "__fish_meshctl_using_subcommand version" -s o -l output -d 'Output format: `table`, `wide` (more columns), `json`, `yaml` or `name` (`kind/name` lines)' -r -f -a "table\t''
wide\t''
json\t''
yaml\t''
name\t''"
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
complete -c meshctl -n "__fish_meshctl_using_subcommand version" -l show-managed-fields -d 'Keep `metadata.managedFields` in `-o json|yaml` (hidden by default)'
complete -c meshctl -n "__fish_meshctl_using_subcommand version" -s v -l verbose -d 'More detail on stderr (resolved queries, requests); repeat for more'
complete -c meshctl -n "__fish_meshctl_using_subcommand version" -s q -l quiet -d 'Only errors and data'
complete -c meshctl -n "__fish_meshctl_using_subcommand version" -s h -l help -d 'Print help'
complete -c meshctl -n "__fish_meshctl_using_subcommand version" -s V -l version -d 'Print version'

# Names from the cluster (services, gateways, workloads, egress hosts, subsets) for
# positional arguments, namespaces for `-n`, kubeconfig contexts for `--context` and
# `--mesh-context` (`meshctl __complete`); the static rules above otherwise.
function __fish_meshctl_dynamic
    set -g __fish_meshctl_names
    string match -q -- '-*' (commandline -ct); and return 1
    set -l words (commandline -opc)
    set -l program $words[1]
    set -e words[1]
    set -g __fish_meshctl_names ($program __complete -- $words 2>/dev/null)
    test (count $__fish_meshctl_names) -gt 0
end
complete -c meshctl -f -n __fish_meshctl_dynamic -a '$__fish_meshctl_names'
complete -c meshctl -s n -l canary -l context -l from -l mesh-context -l namespace -l stable -l subsets -l to -r -f -n __fish_meshctl_dynamic -a '$__fish_meshctl_names'
