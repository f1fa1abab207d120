# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_meshctl_global_optspecs
    string join \n n/namespace= templates= kubeconfig= context= mesh-kubeconfig= mesh-context= request-timeout= v/verbose q/quiet color= h/help V/version
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
complete -c meshctl -n "__fish_meshctl_needs_command" -l color -d 'When to use colour (`NO_COLOR` turns it off in `auto`)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c meshctl -n "__fish_meshctl_needs_command" -s v -l verbose -d 'More detail on stderr (resolved queries, requests); repeat for more'
complete -c meshctl -n "__fish_meshctl_needs_command" -s q -l quiet -d 'Only errors and data'
complete -c meshctl -n "__fish_meshctl_needs_command" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c meshctl -n "__fish_meshctl_needs_command" -s V -l version -d 'Print version'
complete -c meshctl -n "__fish_meshctl_needs_command" -f -a "render" -d 'Render Istio resources to stdout or a directory (nothing is applied)'
complete -c meshctl -n "__fish_meshctl_needs_command" -f -a "validate" -d 'Validate files against Istio\'s schemas'
complete -c meshctl -n "__fish_meshctl_needs_command" -f -a "templates" -d 'List, show or export the built-in templates'
complete -c meshctl -n "__fish_meshctl_needs_command" -f -a "completion" -d 'Print a shell completion script'
complete -c meshctl -n "__fish_meshctl_needs_command" -f -a "version" -d 'Print the version'
complete -c meshctl -n "__fish_meshctl_using_subcommand render" -s n -l namespace -d 'Namespace of the resources (default: the context\'s namespace, then `default`)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand render" -l templates -d 'Directory whose templates override the built-in ones, file by file' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand render" -l kubeconfig -d 'Path to the kubeconfig file (default: `KUBECONFIG`, then ~/.kube/config)' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand render" -l context -d 'Kubeconfig context of the workload cluster' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand render" -l mesh-kubeconfig -d 'Kubeconfig of the mesh control plane (ASM), where Istio resources live' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand render" -l mesh-context -d 'Context of the mesh control plane (default: the workload context)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand render" -l request-timeout -d 'How long to wait for one API request, e.g. `30s`' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand render" -l color -d 'When to use colour (`NO_COLOR` turns it off in `auto`)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c meshctl -n "__fish_meshctl_using_subcommand render" -s v -l verbose -d 'More detail on stderr (resolved queries, requests); repeat for more'
complete -c meshctl -n "__fish_meshctl_using_subcommand render" -s q -l quiet -d 'Only errors and data'
complete -c meshctl -n "__fish_meshctl_using_subcommand render" -s h -l help -d 'Print help'
complete -c meshctl -n "__fish_meshctl_using_subcommand render" -s V -l version -d 'Print version'
complete -c meshctl -n "__fish_meshctl_using_subcommand validate" -s n -l namespace -d 'Namespace of the resources (default: the context\'s namespace, then `default`)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand validate" -l templates -d 'Directory whose templates override the built-in ones, file by file' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand validate" -l kubeconfig -d 'Path to the kubeconfig file (default: `KUBECONFIG`, then ~/.kube/config)' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand validate" -l context -d 'Kubeconfig context of the workload cluster' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand validate" -l mesh-kubeconfig -d 'Kubeconfig of the mesh control plane (ASM), where Istio resources live' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand validate" -l mesh-context -d 'Context of the mesh control plane (default: the workload context)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand validate" -l request-timeout -d 'How long to wait for one API request, e.g. `30s`' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand validate" -l color -d 'When to use colour (`NO_COLOR` turns it off in `auto`)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c meshctl -n "__fish_meshctl_using_subcommand validate" -s v -l verbose -d 'More detail on stderr (resolved queries, requests); repeat for more'
complete -c meshctl -n "__fish_meshctl_using_subcommand validate" -s q -l quiet -d 'Only errors and data'
complete -c meshctl -n "__fish_meshctl_using_subcommand validate" -s h -l help -d 'Print help'
complete -c meshctl -n "__fish_meshctl_using_subcommand validate" -s V -l version -d 'Print version'
complete -c meshctl -n "__fish_meshctl_using_subcommand templates" -s n -l namespace -d 'Namespace of the resources (default: the context\'s namespace, then `default`)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand templates" -l templates -d 'Directory whose templates override the built-in ones, file by file' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand templates" -l kubeconfig -d 'Path to the kubeconfig file (default: `KUBECONFIG`, then ~/.kube/config)' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand templates" -l context -d 'Kubeconfig context of the workload cluster' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand templates" -l mesh-kubeconfig -d 'Kubeconfig of the mesh control plane (ASM), where Istio resources live' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand templates" -l mesh-context -d 'Context of the mesh control plane (default: the workload context)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand templates" -l request-timeout -d 'How long to wait for one API request, e.g. `30s`' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand templates" -l color -d 'When to use colour (`NO_COLOR` turns it off in `auto`)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c meshctl -n "__fish_meshctl_using_subcommand templates" -s v -l verbose -d 'More detail on stderr (resolved queries, requests); repeat for more'
complete -c meshctl -n "__fish_meshctl_using_subcommand templates" -s q -l quiet -d 'Only errors and data'
complete -c meshctl -n "__fish_meshctl_using_subcommand templates" -s h -l help -d 'Print help'
complete -c meshctl -n "__fish_meshctl_using_subcommand templates" -s V -l version -d 'Print version'
complete -c meshctl -n "__fish_meshctl_using_subcommand completion" -s n -l namespace -d 'Namespace of the resources (default: the context\'s namespace, then `default`)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand completion" -l templates -d 'Directory whose templates override the built-in ones, file by file' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand completion" -l kubeconfig -d 'Path to the kubeconfig file (default: `KUBECONFIG`, then ~/.kube/config)' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand completion" -l context -d 'Kubeconfig context of the workload cluster' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand completion" -l mesh-kubeconfig -d 'Kubeconfig of the mesh control plane (ASM), where Istio resources live' -r -F
complete -c meshctl -n "__fish_meshctl_using_subcommand completion" -l mesh-context -d 'Context of the mesh control plane (default: the workload context)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand completion" -l request-timeout -d 'How long to wait for one API request, e.g. `30s`' -r
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
complete -c meshctl -n "__fish_meshctl_using_subcommand version" -l color -d 'When to use colour (`NO_COLOR` turns it off in `auto`)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c meshctl -n "__fish_meshctl_using_subcommand version" -s v -l verbose -d 'More detail on stderr (resolved queries, requests); repeat for more'
complete -c meshctl -n "__fish_meshctl_using_subcommand version" -s q -l quiet -d 'Only errors and data'
complete -c meshctl -n "__fish_meshctl_using_subcommand version" -s h -l help -d 'Print help'
complete -c meshctl -n "__fish_meshctl_using_subcommand version" -s V -l version -d 'Print version'
