# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_portal_global_optspecs
    string join \n C= s/source= color= h/help V/version
end

function __fish_portal_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_portal_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_portal_using_subcommand
    set -l cmd (__fish_portal_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c portal -n "__fish_portal_needs_command" -s C -d 'Run as if portal was started in DIR' -r -F
complete -c portal -n "__fish_portal_needs_command" -s s -l source -d 'A folder to scan for descriptors (repeatable); replaces portal.yaml\'s sources' -r -F
complete -c portal -n "__fish_portal_needs_command" -l color -d 'When to use colour' -r -f -a "auto\t'On a terminal, unless NO_COLOR is set'
always\t''
never\t''"
complete -c portal -n "__fish_portal_needs_command" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c portal -n "__fish_portal_needs_command" -s V -l version -d 'Print version'
complete -c portal -n "__fish_portal_needs_command" -f -a "validate" -d 'Check catalog files exactly as Backstage would, plus cross-entity checks'
complete -c portal -n "__fish_portal_needs_command" -f -a "list" -d 'List entities'
complete -c portal -n "__fish_portal_needs_command" -f -a "completions" -d 'Print a shell completion script'
complete -c portal -n "__fish_portal_needs_command" -f -a "man" -d 'Print the man page (roff)'
complete -c portal -n "__fish_portal_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c portal -n "__fish_portal_using_subcommand validate" -s f -l format -d 'Output format' -r -f -a "human\t'`file:line:col: error[rule]: message`, the source line and a hint'
json\t'One JSON object (see docs/json.md)'
github\t'GitHub Actions workflow annotations'
sarif\t'SARIF 2.1.0, for code-scanning dashboards'"
complete -c portal -n "__fish_portal_using_subcommand validate" -s C -d 'Run as if portal was started in DIR' -r -F
complete -c portal -n "__fish_portal_using_subcommand validate" -s s -l source -d 'A folder to scan for descriptors (repeatable); replaces portal.yaml\'s sources' -r -F
complete -c portal -n "__fish_portal_using_subcommand validate" -l color -d 'When to use colour' -r -f -a "auto\t'On a terminal, unless NO_COLOR is set'
always\t''
never\t''"
complete -c portal -n "__fish_portal_using_subcommand validate" -l strict -d 'Treat portal\'s own checks (missing references, cycles, duplicates…) as errors'
complete -c portal -n "__fish_portal_using_subcommand validate" -l no-follow -d 'Do not follow Location entities to the files they name'
complete -c portal -n "__fish_portal_using_subcommand validate" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c portal -n "__fish_portal_using_subcommand list" -s k -l kind -d 'Only entities of this kind (case-insensitive; repeatable)' -r
complete -c portal -n "__fish_portal_using_subcommand list" -s C -d 'Run as if portal was started in DIR' -r -F
complete -c portal -n "__fish_portal_using_subcommand list" -s s -l source -d 'A folder to scan for descriptors (repeatable); replaces portal.yaml\'s sources' -r -F
complete -c portal -n "__fish_portal_using_subcommand list" -l color -d 'When to use colour' -r -f -a "auto\t'On a terminal, unless NO_COLOR is set'
always\t''
never\t''"
complete -c portal -n "__fish_portal_using_subcommand list" -l json -d 'Print the entities as a JSON array, in the shape of Backstage\'s catalog API'
complete -c portal -n "__fish_portal_using_subcommand list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c portal -n "__fish_portal_using_subcommand completions" -s C -d 'Run as if portal was started in DIR' -r -F
complete -c portal -n "__fish_portal_using_subcommand completions" -s s -l source -d 'A folder to scan for descriptors (repeatable); replaces portal.yaml\'s sources' -r -F
complete -c portal -n "__fish_portal_using_subcommand completions" -l color -d 'When to use colour' -r -f -a "auto\t'On a terminal, unless NO_COLOR is set'
always\t''
never\t''"
complete -c portal -n "__fish_portal_using_subcommand completions" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c portal -n "__fish_portal_using_subcommand man" -s C -d 'Run as if portal was started in DIR' -r -F
complete -c portal -n "__fish_portal_using_subcommand man" -s s -l source -d 'A folder to scan for descriptors (repeatable); replaces portal.yaml\'s sources' -r -F
complete -c portal -n "__fish_portal_using_subcommand man" -l color -d 'When to use colour' -r -f -a "auto\t'On a terminal, unless NO_COLOR is set'
always\t''
never\t''"
complete -c portal -n "__fish_portal_using_subcommand man" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c portal -n "__fish_portal_using_subcommand help; and not __fish_seen_subcommand_from validate list completions man help" -f -a "validate" -d 'Check catalog files exactly as Backstage would, plus cross-entity checks'
complete -c portal -n "__fish_portal_using_subcommand help; and not __fish_seen_subcommand_from validate list completions man help" -f -a "list" -d 'List entities'
complete -c portal -n "__fish_portal_using_subcommand help; and not __fish_seen_subcommand_from validate list completions man help" -f -a "completions" -d 'Print a shell completion script'
complete -c portal -n "__fish_portal_using_subcommand help; and not __fish_seen_subcommand_from validate list completions man help" -f -a "man" -d 'Print the man page (roff)'
complete -c portal -n "__fish_portal_using_subcommand help; and not __fish_seen_subcommand_from validate list completions man help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
