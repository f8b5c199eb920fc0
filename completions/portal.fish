# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_portal_global_optspecs
    string join \n C= s/source= color= refresh no-cache no-remote v/verbose h/help V/version
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
complete -c portal -n "__fish_portal_needs_command" -s s -l source -d 'A folder to scan for descriptors, or one descriptor file (repeatable); replaces portal.yaml\'s sources' -r -F
complete -c portal -n "__fish_portal_needs_command" -l color -d 'When to use colour (a plugin\'s calls back get the decision as PORTAL_COLOR)' -r -f -a "auto\t'On a terminal, unless NO_COLOR is set'
always\t''
never\t''"
complete -c portal -n "__fish_portal_needs_command" -l refresh -d 'Fetch git sources (`portal sync`) before reading them; without it, they are read from the cache and the network is never used'
complete -c portal -n "__fish_portal_needs_command" -l no-cache -d 'Read every file again, neither reading nor writing the index of the last scan'
complete -c portal -n "__fish_portal_needs_command" -l no-remote -d 'Read only local files: leave out the backstage and git sources of portal.yaml'
complete -c portal -n "__fish_portal_needs_command" -s v -l verbose -d 'Say on stderr how the index served the scan (what was read again, and why)'
complete -c portal -n "__fish_portal_needs_command" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c portal -n "__fish_portal_needs_command" -s V -l version -d 'Print version'
complete -c portal -n "__fish_portal_needs_command" -f -a "validate" -d 'Check catalog files exactly as Backstage would, plus cross-entity checks'
complete -c portal -n "__fish_portal_needs_command" -f -a "list" -d 'List entities, filtered, as a table, JSON, YAML or names'
complete -c portal -n "__fish_portal_needs_command" -f -a "search" -d 'Fuzzy search over names, titles, descriptions, tags, owners, types and systems'
complete -c portal -n "__fish_portal_needs_command" -f -a "show" -d 'Everything about one entity: owner, system, relations, where it is defined'
complete -c portal -n "__fish_portal_needs_command" -f -a "who-owns" -d 'Who owns an entity, a file or a folder; what a group or user owns'
complete -c portal -n "__fish_portal_needs_command" -f -a "graph" -d 'The dependency neighbourhood of an entity, or the whole graph'
complete -c portal -n "__fish_portal_needs_command" -f -a "owners" -d 'The ownership report: what each owner owns, and what nobody does'
complete -c portal -n "__fish_portal_needs_command" -f -a "create" -d 'Scaffold a new project from a template, interactively or from given answers'
complete -c portal -n "__fish_portal_needs_command" -f -a "upgrade" -d 'Carry a template\'s later changes into this project (made by `portal create`)'
complete -c portal -n "__fish_portal_needs_command" -f -a "init" -d 'Write a catalog-info.yaml for this repository, from what it says about itself'
complete -c portal -n "__fish_portal_needs_command" -f -a "templates" -d 'List the templates `portal create` offers'
complete -c portal -n "__fish_portal_needs_command" -f -a "docs" -d 'Read an entity\'s TechDocs in the terminal: a page, or the index and the navigation'
complete -c portal -n "__fish_portal_needs_command" -f -a "open" -d 'Open an entity\'s repository, docs, CI, a link or a card\'s link in the browser'
complete -c portal -n "__fish_portal_needs_command" -f -a "plugins" -d 'The installed plugins (`portal-NAME` on PATH), and which entities their cards miss'
complete -c portal -n "__fish_portal_needs_command" -f -a "sync" -d 'Clone or fetch the git sources of portal.yaml into the cache'
complete -c portal -n "__fish_portal_needs_command" -f -a "completions" -d 'Print a shell completion script'
complete -c portal -n "__fish_portal_needs_command" -f -a "man" -d 'Print the man page (roff)'
complete -c portal -n "__fish_portal_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c portal -n "__fish_portal_using_subcommand validate" -s f -l format -d 'Output format' -r -f -a "human\t'`file:line:col: error[rule]: message`, the source line and a hint'
json\t'One JSON object (see docs/json.md)'
github\t'GitHub Actions workflow annotations'
sarif\t'SARIF 2.1.0, for code-scanning dashboards'"
complete -c portal -n "__fish_portal_using_subcommand validate" -s C -d 'Run as if portal was started in DIR' -r -F
complete -c portal -n "__fish_portal_using_subcommand validate" -s s -l source -d 'A folder to scan for descriptors, or one descriptor file (repeatable); replaces portal.yaml\'s sources' -r -F
complete -c portal -n "__fish_portal_using_subcommand validate" -l color -d 'When to use colour (a plugin\'s calls back get the decision as PORTAL_COLOR)' -r -f -a "auto\t'On a terminal, unless NO_COLOR is set'
always\t''
never\t''"
complete -c portal -n "__fish_portal_using_subcommand validate" -l strict -d 'Treat portal\'s own checks (missing references, cycles, duplicates…) as errors'
complete -c portal -n "__fish_portal_using_subcommand validate" -l no-follow -d 'Do not follow Location entities to the files they name'
complete -c portal -n "__fish_portal_using_subcommand validate" -l allow-empty -d 'Succeed when no catalog file is found (an error otherwise, so CI never passes on nothing)'
complete -c portal -n "__fish_portal_using_subcommand validate" -l docs -d 'Check the docs of every entity that has them too (`portal docs check`)'
complete -c portal -n "__fish_portal_using_subcommand validate" -l refresh -d 'Fetch git sources (`portal sync`) before reading them; without it, they are read from the cache and the network is never used'
complete -c portal -n "__fish_portal_using_subcommand validate" -l no-cache -d 'Read every file again, neither reading nor writing the index of the last scan'
complete -c portal -n "__fish_portal_using_subcommand validate" -l no-remote -d 'Read only local files: leave out the backstage and git sources of portal.yaml'
complete -c portal -n "__fish_portal_using_subcommand validate" -s v -l verbose -d 'Say on stderr how the index served the scan (what was read again, and why)'
complete -c portal -n "__fish_portal_using_subcommand validate" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c portal -n "__fish_portal_using_subcommand list" -s k -l kind -d 'Only entities of this kind (case-insensitive; repeatable, or comma-separated)' -r
complete -c portal -n "__fish_portal_using_subcommand list" -s t -l type -d 'Only entities whose `spec.type` is TYPE (repeatable, or comma-separated)' -r
complete -c portal -n "__fish_portal_using_subcommand list" -s o -l owner -d 'Only entities owned by OWNER (`team-a`, `group:team-a`, `user:jdoe`; repeatable, or comma-separated)' -r
complete -c portal -n "__fish_portal_using_subcommand list" -s l -l lifecycle -d 'Only entities with this `spec.lifecycle` (repeatable, or comma-separated)' -r
complete -c portal -n "__fish_portal_using_subcommand list" -l tag -d 'Only entities with this tag (repeatable, or comma-separated)' -r
complete -c portal -n "__fish_portal_using_subcommand list" -l system -d 'Only entities that are part of SYSTEM (repeatable, or comma-separated)' -r
complete -c portal -n "__fish_portal_using_subcommand list" -s n -l namespace -d 'Only entities in NAMESPACE (repeatable, or comma-separated)' -r
complete -c portal -n "__fish_portal_using_subcommand list" -l filter -d 'Backstage\'s filter syntax: `kind=component,spec.type=service` (all must hold); repeat for alternatives' -r
complete -c portal -n "__fish_portal_using_subcommand list" -s f -l format -d 'Output format' -r -f -a "table\t'A table fitted to the terminal'
json\t'A JSON array in the shape of Backstage\'s catalog API (docs/json.md)'
yaml\t'The same as YAML documents'
names\t'One entity reference a line, for shell loops'"
complete -c portal -n "__fish_portal_using_subcommand list" -s C -d 'Run as if portal was started in DIR' -r -F
complete -c portal -n "__fish_portal_using_subcommand list" -s s -l source -d 'A folder to scan for descriptors, or one descriptor file (repeatable); replaces portal.yaml\'s sources' -r -F
complete -c portal -n "__fish_portal_using_subcommand list" -l color -d 'When to use colour (a plugin\'s calls back get the decision as PORTAL_COLOR)' -r -f -a "auto\t'On a terminal, unless NO_COLOR is set'
always\t''
never\t''"
complete -c portal -n "__fish_portal_using_subcommand list" -l json -d 'Shorthand for `--format json`: entities in the shape of Backstage\'s catalog API'
complete -c portal -n "__fish_portal_using_subcommand list" -l yaml -d 'Shorthand for `--format yaml`'
complete -c portal -n "__fish_portal_using_subcommand list" -l refresh -d 'Fetch git sources (`portal sync`) before reading them; without it, they are read from the cache and the network is never used'
complete -c portal -n "__fish_portal_using_subcommand list" -l no-cache -d 'Read every file again, neither reading nor writing the index of the last scan'
complete -c portal -n "__fish_portal_using_subcommand list" -l no-remote -d 'Read only local files: leave out the backstage and git sources of portal.yaml'
complete -c portal -n "__fish_portal_using_subcommand list" -s v -l verbose -d 'Say on stderr how the index served the scan (what was read again, and why)'
complete -c portal -n "__fish_portal_using_subcommand list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c portal -n "__fish_portal_using_subcommand search" -s k -l kind -d 'Only entities of this kind (case-insensitive; repeatable, or comma-separated)' -r
complete -c portal -n "__fish_portal_using_subcommand search" -l limit -d 'At most this many results (1 or more)' -r
complete -c portal -n "__fish_portal_using_subcommand search" -s C -d 'Run as if portal was started in DIR' -r -F
complete -c portal -n "__fish_portal_using_subcommand search" -s s -l source -d 'A folder to scan for descriptors, or one descriptor file (repeatable); replaces portal.yaml\'s sources' -r -F
complete -c portal -n "__fish_portal_using_subcommand search" -l color -d 'When to use colour (a plugin\'s calls back get the decision as PORTAL_COLOR)' -r -f -a "auto\t'On a terminal, unless NO_COLOR is set'
always\t''
never\t''"
complete -c portal -n "__fish_portal_using_subcommand search" -l docs -d 'Search the docs of every entity too (`portal docs search`), as Backstage\'s search page covers the catalog and TechDocs'
complete -c portal -n "__fish_portal_using_subcommand search" -l json -d 'Print results as JSON, with their scores'
complete -c portal -n "__fish_portal_using_subcommand search" -l refresh -d 'Fetch git sources (`portal sync`) before reading them; without it, they are read from the cache and the network is never used'
complete -c portal -n "__fish_portal_using_subcommand search" -l no-cache -d 'Read every file again, neither reading nor writing the index of the last scan'
complete -c portal -n "__fish_portal_using_subcommand search" -l no-remote -d 'Read only local files: leave out the backstage and git sources of portal.yaml'
complete -c portal -n "__fish_portal_using_subcommand search" -s v -l verbose -d 'Say on stderr how the index served the scan (what was read again, and why)'
complete -c portal -n "__fish_portal_using_subcommand search" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c portal -n "__fish_portal_using_subcommand show" -s C -d 'Run as if portal was started in DIR' -r -F
complete -c portal -n "__fish_portal_using_subcommand show" -s s -l source -d 'A folder to scan for descriptors, or one descriptor file (repeatable); replaces portal.yaml\'s sources' -r -F
complete -c portal -n "__fish_portal_using_subcommand show" -l color -d 'When to use colour (a plugin\'s calls back get the decision as PORTAL_COLOR)' -r -f -a "auto\t'On a terminal, unless NO_COLOR is set'
always\t''
never\t''"
complete -c portal -n "__fish_portal_using_subcommand show" -l json -d 'Print as JSON'
complete -c portal -n "__fish_portal_using_subcommand show" -l no-cards -d 'Leave out the entity cards (built-in and plugins\'); no plugin is run'
complete -c portal -n "__fish_portal_using_subcommand show" -l refresh -d 'Fetch git sources (`portal sync`) before reading them; without it, they are read from the cache and the network is never used'
complete -c portal -n "__fish_portal_using_subcommand show" -l no-cache -d 'Read every file again, neither reading nor writing the index of the last scan'
complete -c portal -n "__fish_portal_using_subcommand show" -l no-remote -d 'Read only local files: leave out the backstage and git sources of portal.yaml'
complete -c portal -n "__fish_portal_using_subcommand show" -s v -l verbose -d 'Say on stderr how the index served the scan (what was read again, and why)'
complete -c portal -n "__fish_portal_using_subcommand show" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c portal -n "__fish_portal_using_subcommand who-owns" -s C -d 'Run as if portal was started in DIR' -r -F
complete -c portal -n "__fish_portal_using_subcommand who-owns" -s s -l source -d 'A folder to scan for descriptors, or one descriptor file (repeatable); replaces portal.yaml\'s sources' -r -F
complete -c portal -n "__fish_portal_using_subcommand who-owns" -l color -d 'When to use colour (a plugin\'s calls back get the decision as PORTAL_COLOR)' -r -f -a "auto\t'On a terminal, unless NO_COLOR is set'
always\t''
never\t''"
complete -c portal -n "__fish_portal_using_subcommand who-owns" -l json -d 'Print as JSON'
complete -c portal -n "__fish_portal_using_subcommand who-owns" -l refresh -d 'Fetch git sources (`portal sync`) before reading them; without it, they are read from the cache and the network is never used'
complete -c portal -n "__fish_portal_using_subcommand who-owns" -l no-cache -d 'Read every file again, neither reading nor writing the index of the last scan'
complete -c portal -n "__fish_portal_using_subcommand who-owns" -l no-remote -d 'Read only local files: leave out the backstage and git sources of portal.yaml'
complete -c portal -n "__fish_portal_using_subcommand who-owns" -s v -l verbose -d 'Say on stderr how the index served the scan (what was read again, and why)'
complete -c portal -n "__fish_portal_using_subcommand who-owns" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c portal -n "__fish_portal_using_subcommand graph" -s d -l depth -d 'How many relations away to go' -r
complete -c portal -n "__fish_portal_using_subcommand graph" -l relations -d 'Relations to follow, comma-separated [default: dependsOn,consumesApi,providesApi,partOf]' -r
complete -c portal -n "__fish_portal_using_subcommand graph" -s f -l format -d 'Output format [default: tree with an entity, dot without]' -r -f -a "tree\t'An indented tree (needs an entity)'
dot\t'Graphviz DOT'
mermaid\t'A Mermaid flowchart'
json\t'Nodes and edges as JSON'"
complete -c portal -n "__fish_portal_using_subcommand graph" -s C -d 'Run as if portal was started in DIR' -r -F
complete -c portal -n "__fish_portal_using_subcommand graph" -s s -l source -d 'A folder to scan for descriptors, or one descriptor file (repeatable); replaces portal.yaml\'s sources' -r -F
complete -c portal -n "__fish_portal_using_subcommand graph" -l color -d 'When to use colour (a plugin\'s calls back get the decision as PORTAL_COLOR)' -r -f -a "auto\t'On a terminal, unless NO_COLOR is set'
always\t''
never\t''"
complete -c portal -n "__fish_portal_using_subcommand graph" -s r -l reverse -d 'Follow relations backwards: who depends on it (the blast radius)'
complete -c portal -n "__fish_portal_using_subcommand graph" -l cycles -d 'List every dependency cycle instead'
complete -c portal -n "__fish_portal_using_subcommand graph" -l refresh -d 'Fetch git sources (`portal sync`) before reading them; without it, they are read from the cache and the network is never used'
complete -c portal -n "__fish_portal_using_subcommand graph" -l no-cache -d 'Read every file again, neither reading nor writing the index of the last scan'
complete -c portal -n "__fish_portal_using_subcommand graph" -l no-remote -d 'Read only local files: leave out the backstage and git sources of portal.yaml'
complete -c portal -n "__fish_portal_using_subcommand graph" -s v -l verbose -d 'Say on stderr how the index served the scan (what was read again, and why)'
complete -c portal -n "__fish_portal_using_subcommand graph" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c portal -n "__fish_portal_using_subcommand owners" -s C -d 'Run as if portal was started in DIR' -r -F
complete -c portal -n "__fish_portal_using_subcommand owners" -s s -l source -d 'A folder to scan for descriptors, or one descriptor file (repeatable); replaces portal.yaml\'s sources' -r -F
complete -c portal -n "__fish_portal_using_subcommand owners" -l color -d 'When to use colour (a plugin\'s calls back get the decision as PORTAL_COLOR)' -r -f -a "auto\t'On a terminal, unless NO_COLOR is set'
always\t''
never\t''"
complete -c portal -n "__fish_portal_using_subcommand owners" -l json -d 'Print as JSON'
complete -c portal -n "__fish_portal_using_subcommand owners" -l fail-on-unowned -d 'Exit with 1 when an entity has no owner, or an owner that does not exist'
complete -c portal -n "__fish_portal_using_subcommand owners" -l refresh -d 'Fetch git sources (`portal sync`) before reading them; without it, they are read from the cache and the network is never used'
complete -c portal -n "__fish_portal_using_subcommand owners" -l no-cache -d 'Read every file again, neither reading nor writing the index of the last scan'
complete -c portal -n "__fish_portal_using_subcommand owners" -l no-remote -d 'Read only local files: leave out the backstage and git sources of portal.yaml'
complete -c portal -n "__fish_portal_using_subcommand owners" -s v -l verbose -d 'Say on stderr how the index served the scan (what was read again, and why)'
complete -c portal -n "__fish_portal_using_subcommand owners" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c portal -n "__fish_portal_using_subcommand create" -l template -d 'Use the template at PATH: a folder holding template.yaml, or the file itself' -r -F
complete -c portal -n "__fish_portal_using_subcommand create" -l output -d 'Where to create the project [default: ./<name>]. (No `-o`: in the catalog commands `-o` is `--owner`.)' -r -F
complete -c portal -n "__fish_portal_using_subcommand create" -l values -d 'Answers from a YAML or JSON file' -r -F
complete -c portal -n "__fish_portal_using_subcommand create" -l set -d 'One answer, `key=value` (repeatable; wins over --values)' -r
complete -c portal -n "__fish_portal_using_subcommand create" -s C -d 'Run as if portal was started in DIR' -r -F
complete -c portal -n "__fish_portal_using_subcommand create" -s s -l source -d 'A folder to scan for descriptors, or one descriptor file (repeatable); replaces portal.yaml\'s sources' -r -F
complete -c portal -n "__fish_portal_using_subcommand create" -l color -d 'When to use colour (a plugin\'s calls back get the decision as PORTAL_COLOR)' -r -f -a "auto\t'On a terminal, unless NO_COLOR is set'
always\t''
never\t''"
complete -c portal -n "__fish_portal_using_subcommand create" -l no-input -d 'Never prompt; missing answers take their defaults (implied when stdin is not a terminal)'
complete -c portal -n "__fish_portal_using_subcommand create" -l dry-run -d 'Print what would be written, and write nothing. (No `-n`: in the catalog commands `-n` is `--namespace`.)'
complete -c portal -n "__fish_portal_using_subcommand create" -l force -d 'Write into an existing, non-empty folder; the files the plan names are replaced'
complete -c portal -n "__fish_portal_using_subcommand create" -l no-git -d 'Do not make the project a git repository'
complete -c portal -n "__fish_portal_using_subcommand create" -l json -d 'Print the plan or the result as JSON'
complete -c portal -n "__fish_portal_using_subcommand create" -l refresh -d 'Fetch git sources (`portal sync`) before reading them; without it, they are read from the cache and the network is never used'
complete -c portal -n "__fish_portal_using_subcommand create" -l no-cache -d 'Read every file again, neither reading nor writing the index of the last scan'
complete -c portal -n "__fish_portal_using_subcommand create" -l no-remote -d 'Read only local files: leave out the backstage and git sources of portal.yaml'
complete -c portal -n "__fish_portal_using_subcommand create" -s v -l verbose -d 'Say on stderr how the index served the scan (what was read again, and why)'
complete -c portal -n "__fish_portal_using_subcommand create" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c portal -n "__fish_portal_using_subcommand upgrade" -l template -d 'The template as it is now [default: where .portal/answers.yaml says it came from]' -r -F
complete -c portal -n "__fish_portal_using_subcommand upgrade" -l values -d 'Answers to the template\'s new questions, from a YAML or JSON file' -r -F
complete -c portal -n "__fish_portal_using_subcommand upgrade" -l set -d 'An answer to a new question (repeatable)' -r
complete -c portal -n "__fish_portal_using_subcommand upgrade" -s C -d 'Run as if portal was started in DIR' -r -F
complete -c portal -n "__fish_portal_using_subcommand upgrade" -s s -l source -d 'A folder to scan for descriptors, or one descriptor file (repeatable); replaces portal.yaml\'s sources' -r -F
complete -c portal -n "__fish_portal_using_subcommand upgrade" -l color -d 'When to use colour (a plugin\'s calls back get the decision as PORTAL_COLOR)' -r -f -a "auto\t'On a terminal, unless NO_COLOR is set'
always\t''
never\t''"
complete -c portal -n "__fish_portal_using_subcommand upgrade" -l apply -d 'Write the changes: clean updates and merges, and conflicts with conflict markers [default: print the plan only]'
complete -c portal -n "__fish_portal_using_subcommand upgrade" -l plan -d 'Print the plan only, writing nothing (the default)'
complete -c portal -n "__fish_portal_using_subcommand upgrade" -l all -d 'Every project in the catalog made from a template: whether its upgrade is clean'
complete -c portal -n "__fish_portal_using_subcommand upgrade" -l no-input -d 'Never prompt; a new question without an answer is an error'
complete -c portal -n "__fish_portal_using_subcommand upgrade" -l json -d 'Print the plan as JSON'
complete -c portal -n "__fish_portal_using_subcommand upgrade" -l refresh -d 'Fetch git sources (`portal sync`) before reading them; without it, they are read from the cache and the network is never used'
complete -c portal -n "__fish_portal_using_subcommand upgrade" -l no-cache -d 'Read every file again, neither reading nor writing the index of the last scan'
complete -c portal -n "__fish_portal_using_subcommand upgrade" -l no-remote -d 'Read only local files: leave out the backstage and git sources of portal.yaml'
complete -c portal -n "__fish_portal_using_subcommand upgrade" -s v -l verbose -d 'Say on stderr how the index served the scan (what was read again, and why)'
complete -c portal -n "__fish_portal_using_subcommand upgrade" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c portal -n "__fish_portal_using_subcommand init" -l set -d 'A field, `key=value`: name, owner, type, lifecycle or system (repeatable; wins over what is inferred)' -r
complete -c portal -n "__fish_portal_using_subcommand init" -s C -d 'Run as if portal was started in DIR' -r -F
complete -c portal -n "__fish_portal_using_subcommand init" -s s -l source -d 'A folder to scan for descriptors, or one descriptor file (repeatable); replaces portal.yaml\'s sources' -r -F
complete -c portal -n "__fish_portal_using_subcommand init" -l color -d 'When to use colour (a plugin\'s calls back get the decision as PORTAL_COLOR)' -r -f -a "auto\t'On a terminal, unless NO_COLOR is set'
always\t''
never\t''"
complete -c portal -n "__fish_portal_using_subcommand init" -l no-input -d 'Never prompt: write what was inferred, and fail on what is missing (implied when stdin is not a terminal)'
complete -c portal -n "__fish_portal_using_subcommand init" -l dry-run -d 'Print the descriptor, and write nothing'
complete -c portal -n "__fish_portal_using_subcommand init" -l check -d 'Compare the existing catalog-info.yaml with what would be inferred now, for CI: exit 1 on drift'
complete -c portal -n "__fish_portal_using_subcommand init" -l json -d 'Print the inferences (and for --check, the drift) as JSON'
complete -c portal -n "__fish_portal_using_subcommand init" -l refresh -d 'Fetch git sources (`portal sync`) before reading them; without it, they are read from the cache and the network is never used'
complete -c portal -n "__fish_portal_using_subcommand init" -l no-cache -d 'Read every file again, neither reading nor writing the index of the last scan'
complete -c portal -n "__fish_portal_using_subcommand init" -l no-remote -d 'Read only local files: leave out the backstage and git sources of portal.yaml'
complete -c portal -n "__fish_portal_using_subcommand init" -s v -l verbose -d 'Say on stderr how the index served the scan (what was read again, and why)'
complete -c portal -n "__fish_portal_using_subcommand init" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c portal -n "__fish_portal_using_subcommand templates; and not __fish_seen_subcommand_from test help" -s C -d 'Run as if portal was started in DIR' -r -F
complete -c portal -n "__fish_portal_using_subcommand templates; and not __fish_seen_subcommand_from test help" -s s -l source -d 'A folder to scan for descriptors, or one descriptor file (repeatable); replaces portal.yaml\'s sources' -r -F
complete -c portal -n "__fish_portal_using_subcommand templates; and not __fish_seen_subcommand_from test help" -l color -d 'When to use colour (a plugin\'s calls back get the decision as PORTAL_COLOR)' -r -f -a "auto\t'On a terminal, unless NO_COLOR is set'
always\t''
never\t''"
complete -c portal -n "__fish_portal_using_subcommand templates; and not __fish_seen_subcommand_from test help" -l json -d 'Print as JSON'
complete -c portal -n "__fish_portal_using_subcommand templates; and not __fish_seen_subcommand_from test help" -l refresh -d 'Fetch git sources (`portal sync`) before reading them; without it, they are read from the cache and the network is never used'
complete -c portal -n "__fish_portal_using_subcommand templates; and not __fish_seen_subcommand_from test help" -l no-cache -d 'Read every file again, neither reading nor writing the index of the last scan'
complete -c portal -n "__fish_portal_using_subcommand templates; and not __fish_seen_subcommand_from test help" -l no-remote -d 'Read only local files: leave out the backstage and git sources of portal.yaml'
complete -c portal -n "__fish_portal_using_subcommand templates; and not __fish_seen_subcommand_from test help" -s v -l verbose -d 'Say on stderr how the index served the scan (what was read again, and why)'
complete -c portal -n "__fish_portal_using_subcommand templates; and not __fish_seen_subcommand_from test help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c portal -n "__fish_portal_using_subcommand templates; and not __fish_seen_subcommand_from test help" -f -a "test" -d 'Render each template\'s test cases (tests/ beside template.yaml), validate the catalog files they make, and compare the output with the expected files'
complete -c portal -n "__fish_portal_using_subcommand templates; and not __fish_seen_subcommand_from test help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c portal -n "__fish_portal_using_subcommand templates; and __fish_seen_subcommand_from test" -s f -l format -d 'Output format' -r -f -a "human\t'`file:line:col: error[rule]: message`, the source line and a hint'
json\t'One JSON object (see docs/json.md)'
github\t'GitHub Actions workflow annotations'
sarif\t'SARIF 2.1.0, for code-scanning dashboards'"
complete -c portal -n "__fish_portal_using_subcommand templates; and __fish_seen_subcommand_from test" -s C -d 'Run as if portal was started in DIR' -r -F
complete -c portal -n "__fish_portal_using_subcommand templates; and __fish_seen_subcommand_from test" -s s -l source -d 'A folder to scan for descriptors, or one descriptor file (repeatable); replaces portal.yaml\'s sources' -r -F
complete -c portal -n "__fish_portal_using_subcommand templates; and __fish_seen_subcommand_from test" -l color -d 'When to use colour (a plugin\'s calls back get the decision as PORTAL_COLOR)' -r -f -a "auto\t'On a terminal, unless NO_COLOR is set'
always\t''
never\t''"
complete -c portal -n "__fish_portal_using_subcommand templates; and __fish_seen_subcommand_from test" -l update -d 'Rewrite each case\'s expected files from what it renders now (creating tests/CASE/ for a case that has none)'
complete -c portal -n "__fish_portal_using_subcommand templates; and __fish_seen_subcommand_from test" -l refresh -d 'Fetch git sources (`portal sync`) before reading them; without it, they are read from the cache and the network is never used'
complete -c portal -n "__fish_portal_using_subcommand templates; and __fish_seen_subcommand_from test" -l no-cache -d 'Read every file again, neither reading nor writing the index of the last scan'
complete -c portal -n "__fish_portal_using_subcommand templates; and __fish_seen_subcommand_from test" -l no-remote -d 'Read only local files: leave out the backstage and git sources of portal.yaml'
complete -c portal -n "__fish_portal_using_subcommand templates; and __fish_seen_subcommand_from test" -s v -l verbose -d 'Say on stderr how the index served the scan (what was read again, and why)'
complete -c portal -n "__fish_portal_using_subcommand templates; and __fish_seen_subcommand_from test" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c portal -n "__fish_portal_using_subcommand templates; and __fish_seen_subcommand_from help" -f -a "test" -d 'Render each template\'s test cases (tests/ beside template.yaml), validate the catalog files they make, and compare the output with the expected files'
complete -c portal -n "__fish_portal_using_subcommand templates; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c portal -n "__fish_portal_using_subcommand docs; and not __fish_seen_subcommand_from check search serve help" -s C -d 'Run as if portal was started in DIR' -r -F
complete -c portal -n "__fish_portal_using_subcommand docs; and not __fish_seen_subcommand_from check search serve help" -s s -l source -d 'A folder to scan for descriptors, or one descriptor file (repeatable); replaces portal.yaml\'s sources' -r -F
complete -c portal -n "__fish_portal_using_subcommand docs; and not __fish_seen_subcommand_from check search serve help" -l color -d 'When to use colour (a plugin\'s calls back get the decision as PORTAL_COLOR)' -r -f -a "auto\t'On a terminal, unless NO_COLOR is set'
always\t''
never\t''"
complete -c portal -n "__fish_portal_using_subcommand docs; and not __fish_seen_subcommand_from check search serve help" -l list -d 'Print the navigation only'
complete -c portal -n "__fish_portal_using_subcommand docs; and not __fish_seen_subcommand_from check search serve help" -l raw -d 'Print the page\'s Markdown source'
complete -c portal -n "__fish_portal_using_subcommand docs; and not __fish_seen_subcommand_from check search serve help" -l json -d 'Print the site (and the page\'s source) as JSON'
complete -c portal -n "__fish_portal_using_subcommand docs; and not __fish_seen_subcommand_from check search serve help" -l no-pager -d 'Write to standard output even on a terminal, without $PAGER'
complete -c portal -n "__fish_portal_using_subcommand docs; and not __fish_seen_subcommand_from check search serve help" -l refresh -d 'Fetch git sources (`portal sync`) before reading them; without it, they are read from the cache and the network is never used'
complete -c portal -n "__fish_portal_using_subcommand docs; and not __fish_seen_subcommand_from check search serve help" -l no-cache -d 'Read every file again, neither reading nor writing the index of the last scan'
complete -c portal -n "__fish_portal_using_subcommand docs; and not __fish_seen_subcommand_from check search serve help" -l no-remote -d 'Read only local files: leave out the backstage and git sources of portal.yaml'
complete -c portal -n "__fish_portal_using_subcommand docs; and not __fish_seen_subcommand_from check search serve help" -s v -l verbose -d 'Say on stderr how the index served the scan (what was read again, and why)'
complete -c portal -n "__fish_portal_using_subcommand docs; and not __fish_seen_subcommand_from check search serve help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c portal -n "__fish_portal_using_subcommand docs; and not __fish_seen_subcommand_from check search serve help" -a "check" -d 'Check docs sites as a CI gate: nav entries, links, anchors, images, pages left out'
complete -c portal -n "__fish_portal_using_subcommand docs; and not __fish_seen_subcommand_from check search serve help" -a "search" -d 'Full-text search across the docs of every entity, ranked (BM25)'
complete -c portal -n "__fish_portal_using_subcommand docs; and not __fish_seen_subcommand_from check search serve help" -a "serve" -d 'Serve the docs as HTML on 127.0.0.1, reloading in the browser when a page changes'
complete -c portal -n "__fish_portal_using_subcommand docs; and not __fish_seen_subcommand_from check search serve help" -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c portal -n "__fish_portal_using_subcommand docs; and __fish_seen_subcommand_from check" -s f -l format -d 'Output format' -r -f -a "human\t'`file:line:col: error[rule]: message`, the source line and a hint'
json\t'One JSON object (see docs/json.md)'
github\t'GitHub Actions workflow annotations'
sarif\t'SARIF 2.1.0, for code-scanning dashboards'"
complete -c portal -n "__fish_portal_using_subcommand docs; and __fish_seen_subcommand_from check" -s C -d 'Run as if portal was started in DIR' -r -F
complete -c portal -n "__fish_portal_using_subcommand docs; and __fish_seen_subcommand_from check" -s s -l source -d 'A folder to scan for descriptors, or one descriptor file (repeatable); replaces portal.yaml\'s sources' -r -F
complete -c portal -n "__fish_portal_using_subcommand docs; and __fish_seen_subcommand_from check" -l color -d 'When to use colour (a plugin\'s calls back get the decision as PORTAL_COLOR)' -r -f -a "auto\t'On a terminal, unless NO_COLOR is set'
always\t''
never\t''"
complete -c portal -n "__fish_portal_using_subcommand docs; and __fish_seen_subcommand_from check" -l strict -d 'Treat warnings (pages left out of the nav) as errors'
complete -c portal -n "__fish_portal_using_subcommand docs; and __fish_seen_subcommand_from check" -l refresh -d 'Fetch git sources (`portal sync`) before reading them; without it, they are read from the cache and the network is never used'
complete -c portal -n "__fish_portal_using_subcommand docs; and __fish_seen_subcommand_from check" -l no-cache -d 'Read every file again, neither reading nor writing the index of the last scan'
complete -c portal -n "__fish_portal_using_subcommand docs; and __fish_seen_subcommand_from check" -l no-remote -d 'Read only local files: leave out the backstage and git sources of portal.yaml'
complete -c portal -n "__fish_portal_using_subcommand docs; and __fish_seen_subcommand_from check" -s v -l verbose -d 'Say on stderr how the index served the scan (what was read again, and why)'
complete -c portal -n "__fish_portal_using_subcommand docs; and __fish_seen_subcommand_from check" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c portal -n "__fish_portal_using_subcommand docs; and __fish_seen_subcommand_from search" -s k -l kind -d 'Only docs of entities of this kind (repeatable, or comma-separated)' -r
complete -c portal -n "__fish_portal_using_subcommand docs; and __fish_seen_subcommand_from search" -s o -l owner -d 'Only docs of entities owned by OWNER (repeatable, or comma-separated)' -r
complete -c portal -n "__fish_portal_using_subcommand docs; and __fish_seen_subcommand_from search" -l system -d 'Only docs of entities that are part of SYSTEM (repeatable, or comma-separated)' -r
complete -c portal -n "__fish_portal_using_subcommand docs; and __fish_seen_subcommand_from search" -l tag -d 'Only docs of entities with this tag (repeatable, or comma-separated)' -r
complete -c portal -n "__fish_portal_using_subcommand docs; and __fish_seen_subcommand_from search" -l limit -d 'At most this many pages (1 or more)' -r
complete -c portal -n "__fish_portal_using_subcommand docs; and __fish_seen_subcommand_from search" -s C -d 'Run as if portal was started in DIR' -r -F
complete -c portal -n "__fish_portal_using_subcommand docs; and __fish_seen_subcommand_from search" -s s -l source -d 'A folder to scan for descriptors, or one descriptor file (repeatable); replaces portal.yaml\'s sources' -r -F
complete -c portal -n "__fish_portal_using_subcommand docs; and __fish_seen_subcommand_from search" -l color -d 'When to use colour (a plugin\'s calls back get the decision as PORTAL_COLOR)' -r -f -a "auto\t'On a terminal, unless NO_COLOR is set'
always\t''
never\t''"
complete -c portal -n "__fish_portal_using_subcommand docs; and __fish_seen_subcommand_from search" -l json -d 'Print the pages as JSON, with their scores and snippets'
complete -c portal -n "__fish_portal_using_subcommand docs; and __fish_seen_subcommand_from search" -l refresh -d 'Fetch git sources (`portal sync`) before reading them; without it, they are read from the cache and the network is never used'
complete -c portal -n "__fish_portal_using_subcommand docs; and __fish_seen_subcommand_from search" -l no-cache -d 'Read every file again, neither reading nor writing the index of the last scan'
complete -c portal -n "__fish_portal_using_subcommand docs; and __fish_seen_subcommand_from search" -l no-remote -d 'Read only local files: leave out the backstage and git sources of portal.yaml'
complete -c portal -n "__fish_portal_using_subcommand docs; and __fish_seen_subcommand_from search" -s v -l verbose -d 'Say on stderr how the index served the scan (what was read again, and why)'
complete -c portal -n "__fish_portal_using_subcommand docs; and __fish_seen_subcommand_from search" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c portal -n "__fish_portal_using_subcommand docs; and __fish_seen_subcommand_from serve" -l port -d 'The port on 127.0.0.1 (0: one the system chooses)' -r
complete -c portal -n "__fish_portal_using_subcommand docs; and __fish_seen_subcommand_from serve" -s C -d 'Run as if portal was started in DIR' -r -F
complete -c portal -n "__fish_portal_using_subcommand docs; and __fish_seen_subcommand_from serve" -s s -l source -d 'A folder to scan for descriptors, or one descriptor file (repeatable); replaces portal.yaml\'s sources' -r -F
complete -c portal -n "__fish_portal_using_subcommand docs; and __fish_seen_subcommand_from serve" -l color -d 'When to use colour (a plugin\'s calls back get the decision as PORTAL_COLOR)' -r -f -a "auto\t'On a terminal, unless NO_COLOR is set'
always\t''
never\t''"
complete -c portal -n "__fish_portal_using_subcommand docs; and __fish_seen_subcommand_from serve" -l open -d 'Open the URL in the browser'
complete -c portal -n "__fish_portal_using_subcommand docs; and __fish_seen_subcommand_from serve" -l refresh -d 'Fetch git sources (`portal sync`) before reading them; without it, they are read from the cache and the network is never used'
complete -c portal -n "__fish_portal_using_subcommand docs; and __fish_seen_subcommand_from serve" -l no-cache -d 'Read every file again, neither reading nor writing the index of the last scan'
complete -c portal -n "__fish_portal_using_subcommand docs; and __fish_seen_subcommand_from serve" -l no-remote -d 'Read only local files: leave out the backstage and git sources of portal.yaml'
complete -c portal -n "__fish_portal_using_subcommand docs; and __fish_seen_subcommand_from serve" -s v -l verbose -d 'Say on stderr how the index served the scan (what was read again, and why)'
complete -c portal -n "__fish_portal_using_subcommand docs; and __fish_seen_subcommand_from serve" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c portal -n "__fish_portal_using_subcommand docs; and __fish_seen_subcommand_from help" -f -a "check" -d 'Check docs sites as a CI gate: nav entries, links, anchors, images, pages left out'
complete -c portal -n "__fish_portal_using_subcommand docs; and __fish_seen_subcommand_from help" -f -a "search" -d 'Full-text search across the docs of every entity, ranked (BM25)'
complete -c portal -n "__fish_portal_using_subcommand docs; and __fish_seen_subcommand_from help" -f -a "serve" -d 'Serve the docs as HTML on 127.0.0.1, reloading in the browser when a page changes'
complete -c portal -n "__fish_portal_using_subcommand docs; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c portal -n "__fish_portal_using_subcommand open" -s C -d 'Run as if portal was started in DIR' -r -F
complete -c portal -n "__fish_portal_using_subcommand open" -s s -l source -d 'A folder to scan for descriptors, or one descriptor file (repeatable); replaces portal.yaml\'s sources' -r -F
complete -c portal -n "__fish_portal_using_subcommand open" -l color -d 'When to use colour (a plugin\'s calls back get the decision as PORTAL_COLOR)' -r -f -a "auto\t'On a terminal, unless NO_COLOR is set'
always\t''
never\t''"
complete -c portal -n "__fish_portal_using_subcommand open" -l print -d 'Print the URL instead of opening it'
complete -c portal -n "__fish_portal_using_subcommand open" -l edit -d 'Open the descriptor in $VISUAL or $EDITOR, at the entity\'s line'
complete -c portal -n "__fish_portal_using_subcommand open" -l refresh -d 'Fetch git sources (`portal sync`) before reading them; without it, they are read from the cache and the network is never used'
complete -c portal -n "__fish_portal_using_subcommand open" -l no-cache -d 'Read every file again, neither reading nor writing the index of the last scan'
complete -c portal -n "__fish_portal_using_subcommand open" -l no-remote -d 'Read only local files: leave out the backstage and git sources of portal.yaml'
complete -c portal -n "__fish_portal_using_subcommand open" -s v -l verbose -d 'Say on stderr how the index served the scan (what was read again, and why)'
complete -c portal -n "__fish_portal_using_subcommand open" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c portal -n "__fish_portal_using_subcommand plugins; and not __fish_seen_subcommand_from list doctor help" -s C -d 'Run as if portal was started in DIR' -r -F
complete -c portal -n "__fish_portal_using_subcommand plugins; and not __fish_seen_subcommand_from list doctor help" -s s -l source -d 'A folder to scan for descriptors, or one descriptor file (repeatable); replaces portal.yaml\'s sources' -r -F
complete -c portal -n "__fish_portal_using_subcommand plugins; and not __fish_seen_subcommand_from list doctor help" -l color -d 'When to use colour (a plugin\'s calls back get the decision as PORTAL_COLOR)' -r -f -a "auto\t'On a terminal, unless NO_COLOR is set'
always\t''
never\t''"
complete -c portal -n "__fish_portal_using_subcommand plugins; and not __fish_seen_subcommand_from list doctor help" -l json -d 'Print as JSON'
complete -c portal -n "__fish_portal_using_subcommand plugins; and not __fish_seen_subcommand_from list doctor help" -l refresh -d 'Fetch git sources (`portal sync`) before reading them; without it, they are read from the cache and the network is never used'
complete -c portal -n "__fish_portal_using_subcommand plugins; and not __fish_seen_subcommand_from list doctor help" -l no-cache -d 'Read every file again, neither reading nor writing the index of the last scan'
complete -c portal -n "__fish_portal_using_subcommand plugins; and not __fish_seen_subcommand_from list doctor help" -l no-remote -d 'Read only local files: leave out the backstage and git sources of portal.yaml'
complete -c portal -n "__fish_portal_using_subcommand plugins; and not __fish_seen_subcommand_from list doctor help" -s v -l verbose -d 'Say on stderr how the index served the scan (what was read again, and why)'
complete -c portal -n "__fish_portal_using_subcommand plugins; and not __fish_seen_subcommand_from list doctor help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c portal -n "__fish_portal_using_subcommand plugins; and not __fish_seen_subcommand_from list doctor help" -f -a "list" -d 'List the plugins on PATH, with their descriptions, versions and cards (the default)'
complete -c portal -n "__fish_portal_using_subcommand plugins; and not __fish_seen_subcommand_from list doctor help" -f -a "doctor" -d 'For each card, built-in or a plugin\'s, the entities that lack the annotations it needs (Backstage\'s "missing annotation" warnings, across the catalog)'
complete -c portal -n "__fish_portal_using_subcommand plugins; and not __fish_seen_subcommand_from list doctor help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c portal -n "__fish_portal_using_subcommand plugins; and __fish_seen_subcommand_from list" -s C -d 'Run as if portal was started in DIR' -r -F
complete -c portal -n "__fish_portal_using_subcommand plugins; and __fish_seen_subcommand_from list" -s s -l source -d 'A folder to scan for descriptors, or one descriptor file (repeatable); replaces portal.yaml\'s sources' -r -F
complete -c portal -n "__fish_portal_using_subcommand plugins; and __fish_seen_subcommand_from list" -l color -d 'When to use colour (a plugin\'s calls back get the decision as PORTAL_COLOR)' -r -f -a "auto\t'On a terminal, unless NO_COLOR is set'
always\t''
never\t''"
complete -c portal -n "__fish_portal_using_subcommand plugins; and __fish_seen_subcommand_from list" -l json -d 'Print as JSON'
complete -c portal -n "__fish_portal_using_subcommand plugins; and __fish_seen_subcommand_from list" -l refresh -d 'Fetch git sources (`portal sync`) before reading them; without it, they are read from the cache and the network is never used'
complete -c portal -n "__fish_portal_using_subcommand plugins; and __fish_seen_subcommand_from list" -l no-cache -d 'Read every file again, neither reading nor writing the index of the last scan'
complete -c portal -n "__fish_portal_using_subcommand plugins; and __fish_seen_subcommand_from list" -l no-remote -d 'Read only local files: leave out the backstage and git sources of portal.yaml'
complete -c portal -n "__fish_portal_using_subcommand plugins; and __fish_seen_subcommand_from list" -s v -l verbose -d 'Say on stderr how the index served the scan (what was read again, and why)'
complete -c portal -n "__fish_portal_using_subcommand plugins; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c portal -n "__fish_portal_using_subcommand plugins; and __fish_seen_subcommand_from doctor" -s k -l kind -d 'Only entities of these kinds (repeatable or comma-separated) [default: Component]' -r
complete -c portal -n "__fish_portal_using_subcommand plugins; and __fish_seen_subcommand_from doctor" -l card -d 'Only these cards (their ids, or plugin names; repeatable or comma-separated)' -r
complete -c portal -n "__fish_portal_using_subcommand plugins; and __fish_seen_subcommand_from doctor" -s C -d 'Run as if portal was started in DIR' -r -F
complete -c portal -n "__fish_portal_using_subcommand plugins; and __fish_seen_subcommand_from doctor" -s s -l source -d 'A folder to scan for descriptors, or one descriptor file (repeatable); replaces portal.yaml\'s sources' -r -F
complete -c portal -n "__fish_portal_using_subcommand plugins; and __fish_seen_subcommand_from doctor" -l color -d 'When to use colour (a plugin\'s calls back get the decision as PORTAL_COLOR)' -r -f -a "auto\t'On a terminal, unless NO_COLOR is set'
always\t''
never\t''"
complete -c portal -n "__fish_portal_using_subcommand plugins; and __fish_seen_subcommand_from doctor" -l json -d 'Print as JSON'
complete -c portal -n "__fish_portal_using_subcommand plugins; and __fish_seen_subcommand_from doctor" -l refresh -d 'Fetch git sources (`portal sync`) before reading them; without it, they are read from the cache and the network is never used'
complete -c portal -n "__fish_portal_using_subcommand plugins; and __fish_seen_subcommand_from doctor" -l no-cache -d 'Read every file again, neither reading nor writing the index of the last scan'
complete -c portal -n "__fish_portal_using_subcommand plugins; and __fish_seen_subcommand_from doctor" -l no-remote -d 'Read only local files: leave out the backstage and git sources of portal.yaml'
complete -c portal -n "__fish_portal_using_subcommand plugins; and __fish_seen_subcommand_from doctor" -s v -l verbose -d 'Say on stderr how the index served the scan (what was read again, and why)'
complete -c portal -n "__fish_portal_using_subcommand plugins; and __fish_seen_subcommand_from doctor" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c portal -n "__fish_portal_using_subcommand plugins; and __fish_seen_subcommand_from help" -f -a "list" -d 'List the plugins on PATH, with their descriptions, versions and cards (the default)'
complete -c portal -n "__fish_portal_using_subcommand plugins; and __fish_seen_subcommand_from help" -f -a "doctor" -d 'For each card, built-in or a plugin\'s, the entities that lack the annotations it needs (Backstage\'s "missing annotation" warnings, across the catalog)'
complete -c portal -n "__fish_portal_using_subcommand plugins; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c portal -n "__fish_portal_using_subcommand sync" -s C -d 'Run as if portal was started in DIR' -r -F
complete -c portal -n "__fish_portal_using_subcommand sync" -s s -l source -d 'A folder to scan for descriptors, or one descriptor file (repeatable); replaces portal.yaml\'s sources' -r -F
complete -c portal -n "__fish_portal_using_subcommand sync" -l color -d 'When to use colour (a plugin\'s calls back get the decision as PORTAL_COLOR)' -r -f -a "auto\t'On a terminal, unless NO_COLOR is set'
always\t''
never\t''"
complete -c portal -n "__fish_portal_using_subcommand sync" -l refresh -d 'Fetch git sources (`portal sync`) before reading them; without it, they are read from the cache and the network is never used'
complete -c portal -n "__fish_portal_using_subcommand sync" -l no-cache -d 'Read every file again, neither reading nor writing the index of the last scan'
complete -c portal -n "__fish_portal_using_subcommand sync" -l no-remote -d 'Read only local files: leave out the backstage and git sources of portal.yaml'
complete -c portal -n "__fish_portal_using_subcommand sync" -s v -l verbose -d 'Say on stderr how the index served the scan (what was read again, and why)'
complete -c portal -n "__fish_portal_using_subcommand sync" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c portal -n "__fish_portal_using_subcommand completions" -s C -d 'Run as if portal was started in DIR' -r -F
complete -c portal -n "__fish_portal_using_subcommand completions" -s s -l source -d 'A folder to scan for descriptors, or one descriptor file (repeatable); replaces portal.yaml\'s sources' -r -F
complete -c portal -n "__fish_portal_using_subcommand completions" -l color -d 'When to use colour (a plugin\'s calls back get the decision as PORTAL_COLOR)' -r -f -a "auto\t'On a terminal, unless NO_COLOR is set'
always\t''
never\t''"
complete -c portal -n "__fish_portal_using_subcommand completions" -l refresh -d 'Fetch git sources (`portal sync`) before reading them; without it, they are read from the cache and the network is never used'
complete -c portal -n "__fish_portal_using_subcommand completions" -l no-cache -d 'Read every file again, neither reading nor writing the index of the last scan'
complete -c portal -n "__fish_portal_using_subcommand completions" -l no-remote -d 'Read only local files: leave out the backstage and git sources of portal.yaml'
complete -c portal -n "__fish_portal_using_subcommand completions" -s v -l verbose -d 'Say on stderr how the index served the scan (what was read again, and why)'
complete -c portal -n "__fish_portal_using_subcommand completions" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c portal -n "__fish_portal_using_subcommand man" -s C -d 'Run as if portal was started in DIR' -r -F
complete -c portal -n "__fish_portal_using_subcommand man" -s s -l source -d 'A folder to scan for descriptors, or one descriptor file (repeatable); replaces portal.yaml\'s sources' -r -F
complete -c portal -n "__fish_portal_using_subcommand man" -l color -d 'When to use colour (a plugin\'s calls back get the decision as PORTAL_COLOR)' -r -f -a "auto\t'On a terminal, unless NO_COLOR is set'
always\t''
never\t''"
complete -c portal -n "__fish_portal_using_subcommand man" -l refresh -d 'Fetch git sources (`portal sync`) before reading them; without it, they are read from the cache and the network is never used'
complete -c portal -n "__fish_portal_using_subcommand man" -l no-cache -d 'Read every file again, neither reading nor writing the index of the last scan'
complete -c portal -n "__fish_portal_using_subcommand man" -l no-remote -d 'Read only local files: leave out the backstage and git sources of portal.yaml'
complete -c portal -n "__fish_portal_using_subcommand man" -s v -l verbose -d 'Say on stderr how the index served the scan (what was read again, and why)'
complete -c portal -n "__fish_portal_using_subcommand man" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c portal -n "__fish_portal_using_subcommand help; and not __fish_seen_subcommand_from validate list search show who-owns graph owners create upgrade init templates docs open plugins sync completions man help" -f -a "validate" -d 'Check catalog files exactly as Backstage would, plus cross-entity checks'
complete -c portal -n "__fish_portal_using_subcommand help; and not __fish_seen_subcommand_from validate list search show who-owns graph owners create upgrade init templates docs open plugins sync completions man help" -f -a "list" -d 'List entities, filtered, as a table, JSON, YAML or names'
complete -c portal -n "__fish_portal_using_subcommand help; and not __fish_seen_subcommand_from validate list search show who-owns graph owners create upgrade init templates docs open plugins sync completions man help" -f -a "search" -d 'Fuzzy search over names, titles, descriptions, tags, owners, types and systems'
complete -c portal -n "__fish_portal_using_subcommand help; and not __fish_seen_subcommand_from validate list search show who-owns graph owners create upgrade init templates docs open plugins sync completions man help" -f -a "show" -d 'Everything about one entity: owner, system, relations, where it is defined'
complete -c portal -n "__fish_portal_using_subcommand help; and not __fish_seen_subcommand_from validate list search show who-owns graph owners create upgrade init templates docs open plugins sync completions man help" -f -a "who-owns" -d 'Who owns an entity, a file or a folder; what a group or user owns'
complete -c portal -n "__fish_portal_using_subcommand help; and not __fish_seen_subcommand_from validate list search show who-owns graph owners create upgrade init templates docs open plugins sync completions man help" -f -a "graph" -d 'The dependency neighbourhood of an entity, or the whole graph'
complete -c portal -n "__fish_portal_using_subcommand help; and not __fish_seen_subcommand_from validate list search show who-owns graph owners create upgrade init templates docs open plugins sync completions man help" -f -a "owners" -d 'The ownership report: what each owner owns, and what nobody does'
complete -c portal -n "__fish_portal_using_subcommand help; and not __fish_seen_subcommand_from validate list search show who-owns graph owners create upgrade init templates docs open plugins sync completions man help" -f -a "create" -d 'Scaffold a new project from a template, interactively or from given answers'
complete -c portal -n "__fish_portal_using_subcommand help; and not __fish_seen_subcommand_from validate list search show who-owns graph owners create upgrade init templates docs open plugins sync completions man help" -f -a "upgrade" -d 'Carry a template\'s later changes into this project (made by `portal create`)'
complete -c portal -n "__fish_portal_using_subcommand help; and not __fish_seen_subcommand_from validate list search show who-owns graph owners create upgrade init templates docs open plugins sync completions man help" -f -a "init" -d 'Write a catalog-info.yaml for this repository, from what it says about itself'
complete -c portal -n "__fish_portal_using_subcommand help; and not __fish_seen_subcommand_from validate list search show who-owns graph owners create upgrade init templates docs open plugins sync completions man help" -f -a "templates" -d 'List the templates `portal create` offers'
complete -c portal -n "__fish_portal_using_subcommand help; and not __fish_seen_subcommand_from validate list search show who-owns graph owners create upgrade init templates docs open plugins sync completions man help" -f -a "docs" -d 'Read an entity\'s TechDocs in the terminal: a page, or the index and the navigation'
complete -c portal -n "__fish_portal_using_subcommand help; and not __fish_seen_subcommand_from validate list search show who-owns graph owners create upgrade init templates docs open plugins sync completions man help" -f -a "open" -d 'Open an entity\'s repository, docs, CI, a link or a card\'s link in the browser'
complete -c portal -n "__fish_portal_using_subcommand help; and not __fish_seen_subcommand_from validate list search show who-owns graph owners create upgrade init templates docs open plugins sync completions man help" -f -a "plugins" -d 'The installed plugins (`portal-NAME` on PATH), and which entities their cards miss'
complete -c portal -n "__fish_portal_using_subcommand help; and not __fish_seen_subcommand_from validate list search show who-owns graph owners create upgrade init templates docs open plugins sync completions man help" -f -a "sync" -d 'Clone or fetch the git sources of portal.yaml into the cache'
complete -c portal -n "__fish_portal_using_subcommand help; and not __fish_seen_subcommand_from validate list search show who-owns graph owners create upgrade init templates docs open plugins sync completions man help" -f -a "completions" -d 'Print a shell completion script'
complete -c portal -n "__fish_portal_using_subcommand help; and not __fish_seen_subcommand_from validate list search show who-owns graph owners create upgrade init templates docs open plugins sync completions man help" -f -a "man" -d 'Print the man page (roff)'
complete -c portal -n "__fish_portal_using_subcommand help; and not __fish_seen_subcommand_from validate list search show who-owns graph owners create upgrade init templates docs open plugins sync completions man help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c portal -n "__fish_portal_using_subcommand help; and __fish_seen_subcommand_from templates" -f -a "test" -d 'Render each template\'s test cases (tests/ beside template.yaml), validate the catalog files they make, and compare the output with the expected files'
complete -c portal -n "__fish_portal_using_subcommand help; and __fish_seen_subcommand_from docs" -f -a "check" -d 'Check docs sites as a CI gate: nav entries, links, anchors, images, pages left out'
complete -c portal -n "__fish_portal_using_subcommand help; and __fish_seen_subcommand_from docs" -f -a "search" -d 'Full-text search across the docs of every entity, ranked (BM25)'
complete -c portal -n "__fish_portal_using_subcommand help; and __fish_seen_subcommand_from docs" -f -a "serve" -d 'Serve the docs as HTML on 127.0.0.1, reloading in the browser when a page changes'
complete -c portal -n "__fish_portal_using_subcommand help; and __fish_seen_subcommand_from plugins" -f -a "list" -d 'List the plugins on PATH, with their descriptions, versions and cards (the default)'
complete -c portal -n "__fish_portal_using_subcommand help; and __fish_seen_subcommand_from plugins" -f -a "doctor" -d 'For each card, built-in or a plugin\'s, the entities that lack the annotations it needs (Backstage\'s "missing annotation" warnings, across the catalog)'
