
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'portal' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'portal'
        for ($i = 1; $i -lt $commandElements.Count; $i++) {
            $element = $commandElements[$i]
            if ($element -isnot [StringConstantExpressionAst] -or
                $element.StringConstantType -ne [StringConstantType]::BareWord -or
                $element.Value.StartsWith('-') -or
                $element.Value -eq $wordToComplete) {
                break
        }
        $element.Value
    }) -join ';'

    $completions = @(switch ($command) {
        'portal' {
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Run as if portal was started in DIR')
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'A folder to scan for descriptors, or one descriptor file (repeatable); replaces portal.yaml''s sources')
            [CompletionResult]::new('--source', '--source', [CompletionResultType]::ParameterName, 'A folder to scan for descriptors, or one descriptor file (repeatable); replaces portal.yaml''s sources')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (a plugin''s calls back get the decision as PORTAL_COLOR)')
            [CompletionResult]::new('--refresh', '--refresh', [CompletionResultType]::ParameterName, 'Fetch git sources (`portal sync`) before reading them; without it, they are read from the cache and the network is never used')
            [CompletionResult]::new('--no-cache', '--no-cache', [CompletionResultType]::ParameterName, 'Read every file again, neither reading nor writing the index of the last scan')
            [CompletionResult]::new('--no-remote', '--no-remote', [CompletionResultType]::ParameterName, 'Read only local files: leave out the backstage and git sources of portal.yaml')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say on stderr how the index served the scan (what was read again, and why)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say on stderr how the index served the scan (what was read again, and why)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('validate', 'validate', [CompletionResultType]::ParameterValue, 'Check catalog files exactly as Backstage would, plus cross-entity checks')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List entities, filtered, as a table, JSON, YAML or names')
            [CompletionResult]::new('search', 'search', [CompletionResultType]::ParameterValue, 'Fuzzy search over names, titles, descriptions, tags, owners, types and systems')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Everything about one entity: owner, system, relations, where it is defined')
            [CompletionResult]::new('who-owns', 'who-owns', [CompletionResultType]::ParameterValue, 'Who owns an entity, a file or a folder; what a group or user owns')
            [CompletionResult]::new('graph', 'graph', [CompletionResultType]::ParameterValue, 'The dependency neighbourhood of an entity, or the whole graph')
            [CompletionResult]::new('owners', 'owners', [CompletionResultType]::ParameterValue, 'The ownership report: what each owner owns, and what nobody does')
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Scaffold a new project from a template, interactively or from given answers')
            [CompletionResult]::new('upgrade', 'upgrade', [CompletionResultType]::ParameterValue, 'Carry a template''s later changes into this project (made by `portal create`)')
            [CompletionResult]::new('init', 'init', [CompletionResultType]::ParameterValue, 'Write a catalog-info.yaml for this repository, from what it says about itself')
            [CompletionResult]::new('templates', 'templates', [CompletionResultType]::ParameterValue, 'List the templates `portal create` offers')
            [CompletionResult]::new('docs', 'docs', [CompletionResultType]::ParameterValue, 'Read an entity''s TechDocs in the terminal: a page, or the index and the navigation')
            [CompletionResult]::new('open', 'open', [CompletionResultType]::ParameterValue, 'Open an entity''s repository, docs, CI, a link or a card''s link in the browser')
            [CompletionResult]::new('plugins', 'plugins', [CompletionResultType]::ParameterValue, 'The installed plugins (`portal-NAME` on PATH), and which entities their cards miss')
            [CompletionResult]::new('sync', 'sync', [CompletionResultType]::ParameterValue, 'Clone or fetch the git sources of portal.yaml into the cache')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script')
            [CompletionResult]::new('man', 'man', [CompletionResultType]::ParameterValue, 'Print the man page (roff)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'portal;validate' {
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Run as if portal was started in DIR')
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'A folder to scan for descriptors, or one descriptor file (repeatable); replaces portal.yaml''s sources')
            [CompletionResult]::new('--source', '--source', [CompletionResultType]::ParameterName, 'A folder to scan for descriptors, or one descriptor file (repeatable); replaces portal.yaml''s sources')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (a plugin''s calls back get the decision as PORTAL_COLOR)')
            [CompletionResult]::new('--strict', '--strict', [CompletionResultType]::ParameterName, 'Treat portal''s own checks (missing references, cycles, duplicates…) as errors')
            [CompletionResult]::new('--no-follow', '--no-follow', [CompletionResultType]::ParameterName, 'Do not follow Location entities to the files they name')
            [CompletionResult]::new('--allow-empty', '--allow-empty', [CompletionResultType]::ParameterName, 'Succeed when no catalog file is found (an error otherwise, so CI never passes on nothing)')
            [CompletionResult]::new('--docs', '--docs', [CompletionResultType]::ParameterName, 'Check the docs of every entity that has them too (`portal docs check`)')
            [CompletionResult]::new('--refresh', '--refresh', [CompletionResultType]::ParameterName, 'Fetch git sources (`portal sync`) before reading them; without it, they are read from the cache and the network is never used')
            [CompletionResult]::new('--no-cache', '--no-cache', [CompletionResultType]::ParameterName, 'Read every file again, neither reading nor writing the index of the last scan')
            [CompletionResult]::new('--no-remote', '--no-remote', [CompletionResultType]::ParameterName, 'Read only local files: leave out the backstage and git sources of portal.yaml')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say on stderr how the index served the scan (what was read again, and why)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say on stderr how the index served the scan (what was read again, and why)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'portal;list' {
            [CompletionResult]::new('-k', '-k', [CompletionResultType]::ParameterName, 'Only entities of this kind (case-insensitive; repeatable, or comma-separated)')
            [CompletionResult]::new('--kind', '--kind', [CompletionResultType]::ParameterName, 'Only entities of this kind (case-insensitive; repeatable, or comma-separated)')
            [CompletionResult]::new('-t', '-t', [CompletionResultType]::ParameterName, 'Only entities whose `spec.type` is TYPE (repeatable, or comma-separated)')
            [CompletionResult]::new('--type', '--type', [CompletionResultType]::ParameterName, 'Only entities whose `spec.type` is TYPE (repeatable, or comma-separated)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Only entities owned by OWNER (`team-a`, `group:team-a`, `user:jdoe`; repeatable, or comma-separated)')
            [CompletionResult]::new('--owner', '--owner', [CompletionResultType]::ParameterName, 'Only entities owned by OWNER (`team-a`, `group:team-a`, `user:jdoe`; repeatable, or comma-separated)')
            [CompletionResult]::new('-l', '-l', [CompletionResultType]::ParameterName, 'Only entities with this `spec.lifecycle` (repeatable, or comma-separated)')
            [CompletionResult]::new('--lifecycle', '--lifecycle', [CompletionResultType]::ParameterName, 'Only entities with this `spec.lifecycle` (repeatable, or comma-separated)')
            [CompletionResult]::new('--tag', '--tag', [CompletionResultType]::ParameterName, 'Only entities with this tag (repeatable, or comma-separated)')
            [CompletionResult]::new('--system', '--system', [CompletionResultType]::ParameterName, 'Only entities that are part of SYSTEM (repeatable, or comma-separated)')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Only entities in NAMESPACE (repeatable, or comma-separated)')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'Only entities in NAMESPACE (repeatable, or comma-separated)')
            [CompletionResult]::new('--filter', '--filter', [CompletionResultType]::ParameterName, 'Backstage''s filter syntax: `kind=component,spec.type=service` (all must hold); repeat for alternatives')
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Run as if portal was started in DIR')
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'A folder to scan for descriptors, or one descriptor file (repeatable); replaces portal.yaml''s sources')
            [CompletionResult]::new('--source', '--source', [CompletionResultType]::ParameterName, 'A folder to scan for descriptors, or one descriptor file (repeatable); replaces portal.yaml''s sources')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (a plugin''s calls back get the decision as PORTAL_COLOR)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Shorthand for `--format json`: entities in the shape of Backstage''s catalog API')
            [CompletionResult]::new('--yaml', '--yaml', [CompletionResultType]::ParameterName, 'Shorthand for `--format yaml`')
            [CompletionResult]::new('--refresh', '--refresh', [CompletionResultType]::ParameterName, 'Fetch git sources (`portal sync`) before reading them; without it, they are read from the cache and the network is never used')
            [CompletionResult]::new('--no-cache', '--no-cache', [CompletionResultType]::ParameterName, 'Read every file again, neither reading nor writing the index of the last scan')
            [CompletionResult]::new('--no-remote', '--no-remote', [CompletionResultType]::ParameterName, 'Read only local files: leave out the backstage and git sources of portal.yaml')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say on stderr how the index served the scan (what was read again, and why)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say on stderr how the index served the scan (what was read again, and why)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'portal;search' {
            [CompletionResult]::new('-k', '-k', [CompletionResultType]::ParameterName, 'Only entities of this kind (case-insensitive; repeatable, or comma-separated)')
            [CompletionResult]::new('--kind', '--kind', [CompletionResultType]::ParameterName, 'Only entities of this kind (case-insensitive; repeatable, or comma-separated)')
            [CompletionResult]::new('--limit', '--limit', [CompletionResultType]::ParameterName, 'At most this many results (1 or more)')
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Run as if portal was started in DIR')
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'A folder to scan for descriptors, or one descriptor file (repeatable); replaces portal.yaml''s sources')
            [CompletionResult]::new('--source', '--source', [CompletionResultType]::ParameterName, 'A folder to scan for descriptors, or one descriptor file (repeatable); replaces portal.yaml''s sources')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (a plugin''s calls back get the decision as PORTAL_COLOR)')
            [CompletionResult]::new('--docs', '--docs', [CompletionResultType]::ParameterName, 'Search the docs of every entity too (`portal docs search`), as Backstage''s search page covers the catalog and TechDocs')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print results as JSON, with their scores')
            [CompletionResult]::new('--refresh', '--refresh', [CompletionResultType]::ParameterName, 'Fetch git sources (`portal sync`) before reading them; without it, they are read from the cache and the network is never used')
            [CompletionResult]::new('--no-cache', '--no-cache', [CompletionResultType]::ParameterName, 'Read every file again, neither reading nor writing the index of the last scan')
            [CompletionResult]::new('--no-remote', '--no-remote', [CompletionResultType]::ParameterName, 'Read only local files: leave out the backstage and git sources of portal.yaml')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say on stderr how the index served the scan (what was read again, and why)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say on stderr how the index served the scan (what was read again, and why)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'portal;show' {
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Run as if portal was started in DIR')
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'A folder to scan for descriptors, or one descriptor file (repeatable); replaces portal.yaml''s sources')
            [CompletionResult]::new('--source', '--source', [CompletionResultType]::ParameterName, 'A folder to scan for descriptors, or one descriptor file (repeatable); replaces portal.yaml''s sources')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (a plugin''s calls back get the decision as PORTAL_COLOR)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print as JSON')
            [CompletionResult]::new('--no-cards', '--no-cards', [CompletionResultType]::ParameterName, 'Leave out the entity cards (built-in and plugins''); no plugin is run')
            [CompletionResult]::new('--refresh', '--refresh', [CompletionResultType]::ParameterName, 'Fetch git sources (`portal sync`) before reading them; without it, they are read from the cache and the network is never used')
            [CompletionResult]::new('--no-cache', '--no-cache', [CompletionResultType]::ParameterName, 'Read every file again, neither reading nor writing the index of the last scan')
            [CompletionResult]::new('--no-remote', '--no-remote', [CompletionResultType]::ParameterName, 'Read only local files: leave out the backstage and git sources of portal.yaml')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say on stderr how the index served the scan (what was read again, and why)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say on stderr how the index served the scan (what was read again, and why)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'portal;who-owns' {
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Run as if portal was started in DIR')
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'A folder to scan for descriptors, or one descriptor file (repeatable); replaces portal.yaml''s sources')
            [CompletionResult]::new('--source', '--source', [CompletionResultType]::ParameterName, 'A folder to scan for descriptors, or one descriptor file (repeatable); replaces portal.yaml''s sources')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (a plugin''s calls back get the decision as PORTAL_COLOR)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print as JSON')
            [CompletionResult]::new('--refresh', '--refresh', [CompletionResultType]::ParameterName, 'Fetch git sources (`portal sync`) before reading them; without it, they are read from the cache and the network is never used')
            [CompletionResult]::new('--no-cache', '--no-cache', [CompletionResultType]::ParameterName, 'Read every file again, neither reading nor writing the index of the last scan')
            [CompletionResult]::new('--no-remote', '--no-remote', [CompletionResultType]::ParameterName, 'Read only local files: leave out the backstage and git sources of portal.yaml')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say on stderr how the index served the scan (what was read again, and why)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say on stderr how the index served the scan (what was read again, and why)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'portal;graph' {
            [CompletionResult]::new('-d', '-d', [CompletionResultType]::ParameterName, 'How many relations away to go')
            [CompletionResult]::new('--depth', '--depth', [CompletionResultType]::ParameterName, 'How many relations away to go')
            [CompletionResult]::new('--relations', '--relations', [CompletionResultType]::ParameterName, 'Relations to follow, comma-separated [default: dependsOn,consumesApi,providesApi,partOf]')
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'Output format [default: tree with an entity, dot without]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format [default: tree with an entity, dot without]')
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Run as if portal was started in DIR')
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'A folder to scan for descriptors, or one descriptor file (repeatable); replaces portal.yaml''s sources')
            [CompletionResult]::new('--source', '--source', [CompletionResultType]::ParameterName, 'A folder to scan for descriptors, or one descriptor file (repeatable); replaces portal.yaml''s sources')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (a plugin''s calls back get the decision as PORTAL_COLOR)')
            [CompletionResult]::new('-r', '-r', [CompletionResultType]::ParameterName, 'Follow relations backwards: who depends on it (the blast radius)')
            [CompletionResult]::new('--reverse', '--reverse', [CompletionResultType]::ParameterName, 'Follow relations backwards: who depends on it (the blast radius)')
            [CompletionResult]::new('--cycles', '--cycles', [CompletionResultType]::ParameterName, 'List every dependency cycle instead')
            [CompletionResult]::new('--refresh', '--refresh', [CompletionResultType]::ParameterName, 'Fetch git sources (`portal sync`) before reading them; without it, they are read from the cache and the network is never used')
            [CompletionResult]::new('--no-cache', '--no-cache', [CompletionResultType]::ParameterName, 'Read every file again, neither reading nor writing the index of the last scan')
            [CompletionResult]::new('--no-remote', '--no-remote', [CompletionResultType]::ParameterName, 'Read only local files: leave out the backstage and git sources of portal.yaml')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say on stderr how the index served the scan (what was read again, and why)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say on stderr how the index served the scan (what was read again, and why)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'portal;owners' {
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Run as if portal was started in DIR')
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'A folder to scan for descriptors, or one descriptor file (repeatable); replaces portal.yaml''s sources')
            [CompletionResult]::new('--source', '--source', [CompletionResultType]::ParameterName, 'A folder to scan for descriptors, or one descriptor file (repeatable); replaces portal.yaml''s sources')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (a plugin''s calls back get the decision as PORTAL_COLOR)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print as JSON')
            [CompletionResult]::new('--fail-on-unowned', '--fail-on-unowned', [CompletionResultType]::ParameterName, 'Exit with 1 when an entity has no owner, or an owner that does not exist')
            [CompletionResult]::new('--refresh', '--refresh', [CompletionResultType]::ParameterName, 'Fetch git sources (`portal sync`) before reading them; without it, they are read from the cache and the network is never used')
            [CompletionResult]::new('--no-cache', '--no-cache', [CompletionResultType]::ParameterName, 'Read every file again, neither reading nor writing the index of the last scan')
            [CompletionResult]::new('--no-remote', '--no-remote', [CompletionResultType]::ParameterName, 'Read only local files: leave out the backstage and git sources of portal.yaml')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say on stderr how the index served the scan (what was read again, and why)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say on stderr how the index served the scan (what was read again, and why)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'portal;create' {
            [CompletionResult]::new('--template', '--template', [CompletionResultType]::ParameterName, 'Use the template at PATH: a folder holding template.yaml, or the file itself')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Where to create the project [default: ./<name>]. (No `-o`: in the catalog commands `-o` is `--owner`.)')
            [CompletionResult]::new('--values', '--values', [CompletionResultType]::ParameterName, 'Answers from a YAML or JSON file')
            [CompletionResult]::new('--set', '--set', [CompletionResultType]::ParameterName, 'One answer, `key=value` (repeatable; wins over --values)')
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Run as if portal was started in DIR')
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'A folder to scan for descriptors, or one descriptor file (repeatable); replaces portal.yaml''s sources')
            [CompletionResult]::new('--source', '--source', [CompletionResultType]::ParameterName, 'A folder to scan for descriptors, or one descriptor file (repeatable); replaces portal.yaml''s sources')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (a plugin''s calls back get the decision as PORTAL_COLOR)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; missing answers take their defaults (implied when stdin is not a terminal)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Print what would be written, and write nothing. (No `-n`: in the catalog commands `-n` is `--namespace`.)')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Write into an existing, non-empty folder; the files the plan names are replaced')
            [CompletionResult]::new('--no-git', '--no-git', [CompletionResultType]::ParameterName, 'Do not make the project a git repository')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print the plan or the result as JSON')
            [CompletionResult]::new('--refresh', '--refresh', [CompletionResultType]::ParameterName, 'Fetch git sources (`portal sync`) before reading them; without it, they are read from the cache and the network is never used')
            [CompletionResult]::new('--no-cache', '--no-cache', [CompletionResultType]::ParameterName, 'Read every file again, neither reading nor writing the index of the last scan')
            [CompletionResult]::new('--no-remote', '--no-remote', [CompletionResultType]::ParameterName, 'Read only local files: leave out the backstage and git sources of portal.yaml')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say on stderr how the index served the scan (what was read again, and why)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say on stderr how the index served the scan (what was read again, and why)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'portal;upgrade' {
            [CompletionResult]::new('--template', '--template', [CompletionResultType]::ParameterName, 'The template as it is now [default: where .portal/answers.yaml says it came from]')
            [CompletionResult]::new('--values', '--values', [CompletionResultType]::ParameterName, 'Answers to the template''s new questions, from a YAML or JSON file')
            [CompletionResult]::new('--set', '--set', [CompletionResultType]::ParameterName, 'An answer to a new question (repeatable)')
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Run as if portal was started in DIR')
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'A folder to scan for descriptors, or one descriptor file (repeatable); replaces portal.yaml''s sources')
            [CompletionResult]::new('--source', '--source', [CompletionResultType]::ParameterName, 'A folder to scan for descriptors, or one descriptor file (repeatable); replaces portal.yaml''s sources')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (a plugin''s calls back get the decision as PORTAL_COLOR)')
            [CompletionResult]::new('--apply', '--apply', [CompletionResultType]::ParameterName, 'Write the changes: clean updates and merges, and conflicts with conflict markers [default: print the plan only]')
            [CompletionResult]::new('--plan', '--plan', [CompletionResultType]::ParameterName, 'Print the plan only, writing nothing (the default)')
            [CompletionResult]::new('--all', '--all', [CompletionResultType]::ParameterName, 'Every project in the catalog made from a template: whether its upgrade is clean')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; a new question without an answer is an error')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print the plan as JSON')
            [CompletionResult]::new('--refresh', '--refresh', [CompletionResultType]::ParameterName, 'Fetch git sources (`portal sync`) before reading them; without it, they are read from the cache and the network is never used')
            [CompletionResult]::new('--no-cache', '--no-cache', [CompletionResultType]::ParameterName, 'Read every file again, neither reading nor writing the index of the last scan')
            [CompletionResult]::new('--no-remote', '--no-remote', [CompletionResultType]::ParameterName, 'Read only local files: leave out the backstage and git sources of portal.yaml')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say on stderr how the index served the scan (what was read again, and why)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say on stderr how the index served the scan (what was read again, and why)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'portal;init' {
            [CompletionResult]::new('--set', '--set', [CompletionResultType]::ParameterName, 'A field, `key=value`: name, owner, type, lifecycle or system (repeatable; wins over what is inferred)')
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Run as if portal was started in DIR')
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'A folder to scan for descriptors, or one descriptor file (repeatable); replaces portal.yaml''s sources')
            [CompletionResult]::new('--source', '--source', [CompletionResultType]::ParameterName, 'A folder to scan for descriptors, or one descriptor file (repeatable); replaces portal.yaml''s sources')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (a plugin''s calls back get the decision as PORTAL_COLOR)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt: write what was inferred, and fail on what is missing (implied when stdin is not a terminal)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Print the descriptor, and write nothing')
            [CompletionResult]::new('--check', '--check', [CompletionResultType]::ParameterName, 'Compare the existing catalog-info.yaml with what would be inferred now, for CI: exit 1 on drift')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print the inferences (and for --check, the drift) as JSON')
            [CompletionResult]::new('--refresh', '--refresh', [CompletionResultType]::ParameterName, 'Fetch git sources (`portal sync`) before reading them; without it, they are read from the cache and the network is never used')
            [CompletionResult]::new('--no-cache', '--no-cache', [CompletionResultType]::ParameterName, 'Read every file again, neither reading nor writing the index of the last scan')
            [CompletionResult]::new('--no-remote', '--no-remote', [CompletionResultType]::ParameterName, 'Read only local files: leave out the backstage and git sources of portal.yaml')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say on stderr how the index served the scan (what was read again, and why)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say on stderr how the index served the scan (what was read again, and why)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'portal;templates' {
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Run as if portal was started in DIR')
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'A folder to scan for descriptors, or one descriptor file (repeatable); replaces portal.yaml''s sources')
            [CompletionResult]::new('--source', '--source', [CompletionResultType]::ParameterName, 'A folder to scan for descriptors, or one descriptor file (repeatable); replaces portal.yaml''s sources')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (a plugin''s calls back get the decision as PORTAL_COLOR)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print as JSON')
            [CompletionResult]::new('--refresh', '--refresh', [CompletionResultType]::ParameterName, 'Fetch git sources (`portal sync`) before reading them; without it, they are read from the cache and the network is never used')
            [CompletionResult]::new('--no-cache', '--no-cache', [CompletionResultType]::ParameterName, 'Read every file again, neither reading nor writing the index of the last scan')
            [CompletionResult]::new('--no-remote', '--no-remote', [CompletionResultType]::ParameterName, 'Read only local files: leave out the backstage and git sources of portal.yaml')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say on stderr how the index served the scan (what was read again, and why)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say on stderr how the index served the scan (what was read again, and why)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('test', 'test', [CompletionResultType]::ParameterValue, 'Render each template''s test cases (tests/ beside template.yaml), validate the catalog files they make, and compare the output with the expected files')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'portal;templates;test' {
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Run as if portal was started in DIR')
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'A folder to scan for descriptors, or one descriptor file (repeatable); replaces portal.yaml''s sources')
            [CompletionResult]::new('--source', '--source', [CompletionResultType]::ParameterName, 'A folder to scan for descriptors, or one descriptor file (repeatable); replaces portal.yaml''s sources')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (a plugin''s calls back get the decision as PORTAL_COLOR)')
            [CompletionResult]::new('--update', '--update', [CompletionResultType]::ParameterName, 'Rewrite each case''s expected files from what it renders now (creating tests/CASE/ for a case that has none)')
            [CompletionResult]::new('--refresh', '--refresh', [CompletionResultType]::ParameterName, 'Fetch git sources (`portal sync`) before reading them; without it, they are read from the cache and the network is never used')
            [CompletionResult]::new('--no-cache', '--no-cache', [CompletionResultType]::ParameterName, 'Read every file again, neither reading nor writing the index of the last scan')
            [CompletionResult]::new('--no-remote', '--no-remote', [CompletionResultType]::ParameterName, 'Read only local files: leave out the backstage and git sources of portal.yaml')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say on stderr how the index served the scan (what was read again, and why)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say on stderr how the index served the scan (what was read again, and why)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'portal;templates;help' {
            [CompletionResult]::new('test', 'test', [CompletionResultType]::ParameterValue, 'Render each template''s test cases (tests/ beside template.yaml), validate the catalog files they make, and compare the output with the expected files')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'portal;templates;help;test' {
            break
        }
        'portal;templates;help;help' {
            break
        }
        'portal;docs' {
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Run as if portal was started in DIR')
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'A folder to scan for descriptors, or one descriptor file (repeatable); replaces portal.yaml''s sources')
            [CompletionResult]::new('--source', '--source', [CompletionResultType]::ParameterName, 'A folder to scan for descriptors, or one descriptor file (repeatable); replaces portal.yaml''s sources')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (a plugin''s calls back get the decision as PORTAL_COLOR)')
            [CompletionResult]::new('--list', '--list', [CompletionResultType]::ParameterName, 'Print the navigation only')
            [CompletionResult]::new('--raw', '--raw', [CompletionResultType]::ParameterName, 'Print the page''s Markdown source')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print the site (and the page''s source) as JSON')
            [CompletionResult]::new('--no-pager', '--no-pager', [CompletionResultType]::ParameterName, 'Write to standard output even on a terminal, without $PAGER')
            [CompletionResult]::new('--refresh', '--refresh', [CompletionResultType]::ParameterName, 'Fetch git sources (`portal sync`) before reading them; without it, they are read from the cache and the network is never used')
            [CompletionResult]::new('--no-cache', '--no-cache', [CompletionResultType]::ParameterName, 'Read every file again, neither reading nor writing the index of the last scan')
            [CompletionResult]::new('--no-remote', '--no-remote', [CompletionResultType]::ParameterName, 'Read only local files: leave out the backstage and git sources of portal.yaml')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say on stderr how the index served the scan (what was read again, and why)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say on stderr how the index served the scan (what was read again, and why)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'Check docs sites as a CI gate: nav entries, links, anchors, images, pages left out')
            [CompletionResult]::new('search', 'search', [CompletionResultType]::ParameterValue, 'Full-text search across the docs of every entity, ranked (BM25)')
            [CompletionResult]::new('serve', 'serve', [CompletionResultType]::ParameterValue, 'Serve the docs as HTML on 127.0.0.1, reloading in the browser when a page changes')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'portal;docs;check' {
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Run as if portal was started in DIR')
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'A folder to scan for descriptors, or one descriptor file (repeatable); replaces portal.yaml''s sources')
            [CompletionResult]::new('--source', '--source', [CompletionResultType]::ParameterName, 'A folder to scan for descriptors, or one descriptor file (repeatable); replaces portal.yaml''s sources')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (a plugin''s calls back get the decision as PORTAL_COLOR)')
            [CompletionResult]::new('--strict', '--strict', [CompletionResultType]::ParameterName, 'Treat warnings (pages left out of the nav) as errors')
            [CompletionResult]::new('--refresh', '--refresh', [CompletionResultType]::ParameterName, 'Fetch git sources (`portal sync`) before reading them; without it, they are read from the cache and the network is never used')
            [CompletionResult]::new('--no-cache', '--no-cache', [CompletionResultType]::ParameterName, 'Read every file again, neither reading nor writing the index of the last scan')
            [CompletionResult]::new('--no-remote', '--no-remote', [CompletionResultType]::ParameterName, 'Read only local files: leave out the backstage and git sources of portal.yaml')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say on stderr how the index served the scan (what was read again, and why)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say on stderr how the index served the scan (what was read again, and why)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'portal;docs;search' {
            [CompletionResult]::new('-k', '-k', [CompletionResultType]::ParameterName, 'Only docs of entities of this kind (repeatable, or comma-separated)')
            [CompletionResult]::new('--kind', '--kind', [CompletionResultType]::ParameterName, 'Only docs of entities of this kind (repeatable, or comma-separated)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Only docs of entities owned by OWNER (repeatable, or comma-separated)')
            [CompletionResult]::new('--owner', '--owner', [CompletionResultType]::ParameterName, 'Only docs of entities owned by OWNER (repeatable, or comma-separated)')
            [CompletionResult]::new('--system', '--system', [CompletionResultType]::ParameterName, 'Only docs of entities that are part of SYSTEM (repeatable, or comma-separated)')
            [CompletionResult]::new('--tag', '--tag', [CompletionResultType]::ParameterName, 'Only docs of entities with this tag (repeatable, or comma-separated)')
            [CompletionResult]::new('--limit', '--limit', [CompletionResultType]::ParameterName, 'At most this many pages (1 or more)')
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Run as if portal was started in DIR')
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'A folder to scan for descriptors, or one descriptor file (repeatable); replaces portal.yaml''s sources')
            [CompletionResult]::new('--source', '--source', [CompletionResultType]::ParameterName, 'A folder to scan for descriptors, or one descriptor file (repeatable); replaces portal.yaml''s sources')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (a plugin''s calls back get the decision as PORTAL_COLOR)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print the pages as JSON, with their scores and snippets')
            [CompletionResult]::new('--refresh', '--refresh', [CompletionResultType]::ParameterName, 'Fetch git sources (`portal sync`) before reading them; without it, they are read from the cache and the network is never used')
            [CompletionResult]::new('--no-cache', '--no-cache', [CompletionResultType]::ParameterName, 'Read every file again, neither reading nor writing the index of the last scan')
            [CompletionResult]::new('--no-remote', '--no-remote', [CompletionResultType]::ParameterName, 'Read only local files: leave out the backstage and git sources of portal.yaml')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say on stderr how the index served the scan (what was read again, and why)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say on stderr how the index served the scan (what was read again, and why)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'portal;docs;serve' {
            [CompletionResult]::new('--port', '--port', [CompletionResultType]::ParameterName, 'The port on 127.0.0.1 (0: one the system chooses)')
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Run as if portal was started in DIR')
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'A folder to scan for descriptors, or one descriptor file (repeatable); replaces portal.yaml''s sources')
            [CompletionResult]::new('--source', '--source', [CompletionResultType]::ParameterName, 'A folder to scan for descriptors, or one descriptor file (repeatable); replaces portal.yaml''s sources')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (a plugin''s calls back get the decision as PORTAL_COLOR)')
            [CompletionResult]::new('--open', '--open', [CompletionResultType]::ParameterName, 'Open the URL in the browser')
            [CompletionResult]::new('--refresh', '--refresh', [CompletionResultType]::ParameterName, 'Fetch git sources (`portal sync`) before reading them; without it, they are read from the cache and the network is never used')
            [CompletionResult]::new('--no-cache', '--no-cache', [CompletionResultType]::ParameterName, 'Read every file again, neither reading nor writing the index of the last scan')
            [CompletionResult]::new('--no-remote', '--no-remote', [CompletionResultType]::ParameterName, 'Read only local files: leave out the backstage and git sources of portal.yaml')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say on stderr how the index served the scan (what was read again, and why)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say on stderr how the index served the scan (what was read again, and why)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'portal;docs;help' {
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'Check docs sites as a CI gate: nav entries, links, anchors, images, pages left out')
            [CompletionResult]::new('search', 'search', [CompletionResultType]::ParameterValue, 'Full-text search across the docs of every entity, ranked (BM25)')
            [CompletionResult]::new('serve', 'serve', [CompletionResultType]::ParameterValue, 'Serve the docs as HTML on 127.0.0.1, reloading in the browser when a page changes')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'portal;docs;help;check' {
            break
        }
        'portal;docs;help;search' {
            break
        }
        'portal;docs;help;serve' {
            break
        }
        'portal;docs;help;help' {
            break
        }
        'portal;open' {
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Run as if portal was started in DIR')
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'A folder to scan for descriptors, or one descriptor file (repeatable); replaces portal.yaml''s sources')
            [CompletionResult]::new('--source', '--source', [CompletionResultType]::ParameterName, 'A folder to scan for descriptors, or one descriptor file (repeatable); replaces portal.yaml''s sources')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (a plugin''s calls back get the decision as PORTAL_COLOR)')
            [CompletionResult]::new('--print', '--print', [CompletionResultType]::ParameterName, 'Print the URL instead of opening it')
            [CompletionResult]::new('--edit', '--edit', [CompletionResultType]::ParameterName, 'Open the descriptor in $VISUAL or $EDITOR, at the entity''s line')
            [CompletionResult]::new('--refresh', '--refresh', [CompletionResultType]::ParameterName, 'Fetch git sources (`portal sync`) before reading them; without it, they are read from the cache and the network is never used')
            [CompletionResult]::new('--no-cache', '--no-cache', [CompletionResultType]::ParameterName, 'Read every file again, neither reading nor writing the index of the last scan')
            [CompletionResult]::new('--no-remote', '--no-remote', [CompletionResultType]::ParameterName, 'Read only local files: leave out the backstage and git sources of portal.yaml')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say on stderr how the index served the scan (what was read again, and why)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say on stderr how the index served the scan (what was read again, and why)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'portal;plugins' {
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Run as if portal was started in DIR')
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'A folder to scan for descriptors, or one descriptor file (repeatable); replaces portal.yaml''s sources')
            [CompletionResult]::new('--source', '--source', [CompletionResultType]::ParameterName, 'A folder to scan for descriptors, or one descriptor file (repeatable); replaces portal.yaml''s sources')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (a plugin''s calls back get the decision as PORTAL_COLOR)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print as JSON')
            [CompletionResult]::new('--refresh', '--refresh', [CompletionResultType]::ParameterName, 'Fetch git sources (`portal sync`) before reading them; without it, they are read from the cache and the network is never used')
            [CompletionResult]::new('--no-cache', '--no-cache', [CompletionResultType]::ParameterName, 'Read every file again, neither reading nor writing the index of the last scan')
            [CompletionResult]::new('--no-remote', '--no-remote', [CompletionResultType]::ParameterName, 'Read only local files: leave out the backstage and git sources of portal.yaml')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say on stderr how the index served the scan (what was read again, and why)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say on stderr how the index served the scan (what was read again, and why)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the plugins on PATH, with their descriptions, versions and cards (the default)')
            [CompletionResult]::new('doctor', 'doctor', [CompletionResultType]::ParameterValue, 'For each card, built-in or a plugin''s, the entities that lack the annotations it needs (Backstage''s "missing annotation" warnings, across the catalog)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'portal;plugins;list' {
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Run as if portal was started in DIR')
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'A folder to scan for descriptors, or one descriptor file (repeatable); replaces portal.yaml''s sources')
            [CompletionResult]::new('--source', '--source', [CompletionResultType]::ParameterName, 'A folder to scan for descriptors, or one descriptor file (repeatable); replaces portal.yaml''s sources')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (a plugin''s calls back get the decision as PORTAL_COLOR)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print as JSON')
            [CompletionResult]::new('--refresh', '--refresh', [CompletionResultType]::ParameterName, 'Fetch git sources (`portal sync`) before reading them; without it, they are read from the cache and the network is never used')
            [CompletionResult]::new('--no-cache', '--no-cache', [CompletionResultType]::ParameterName, 'Read every file again, neither reading nor writing the index of the last scan')
            [CompletionResult]::new('--no-remote', '--no-remote', [CompletionResultType]::ParameterName, 'Read only local files: leave out the backstage and git sources of portal.yaml')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say on stderr how the index served the scan (what was read again, and why)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say on stderr how the index served the scan (what was read again, and why)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'portal;plugins;doctor' {
            [CompletionResult]::new('-k', '-k', [CompletionResultType]::ParameterName, 'Only entities of these kinds (repeatable or comma-separated) [default: Component]')
            [CompletionResult]::new('--kind', '--kind', [CompletionResultType]::ParameterName, 'Only entities of these kinds (repeatable or comma-separated) [default: Component]')
            [CompletionResult]::new('--card', '--card', [CompletionResultType]::ParameterName, 'Only these cards (their ids, or plugin names; repeatable or comma-separated)')
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Run as if portal was started in DIR')
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'A folder to scan for descriptors, or one descriptor file (repeatable); replaces portal.yaml''s sources')
            [CompletionResult]::new('--source', '--source', [CompletionResultType]::ParameterName, 'A folder to scan for descriptors, or one descriptor file (repeatable); replaces portal.yaml''s sources')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (a plugin''s calls back get the decision as PORTAL_COLOR)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print as JSON')
            [CompletionResult]::new('--refresh', '--refresh', [CompletionResultType]::ParameterName, 'Fetch git sources (`portal sync`) before reading them; without it, they are read from the cache and the network is never used')
            [CompletionResult]::new('--no-cache', '--no-cache', [CompletionResultType]::ParameterName, 'Read every file again, neither reading nor writing the index of the last scan')
            [CompletionResult]::new('--no-remote', '--no-remote', [CompletionResultType]::ParameterName, 'Read only local files: leave out the backstage and git sources of portal.yaml')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say on stderr how the index served the scan (what was read again, and why)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say on stderr how the index served the scan (what was read again, and why)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'portal;plugins;help' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the plugins on PATH, with their descriptions, versions and cards (the default)')
            [CompletionResult]::new('doctor', 'doctor', [CompletionResultType]::ParameterValue, 'For each card, built-in or a plugin''s, the entities that lack the annotations it needs (Backstage''s "missing annotation" warnings, across the catalog)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'portal;plugins;help;list' {
            break
        }
        'portal;plugins;help;doctor' {
            break
        }
        'portal;plugins;help;help' {
            break
        }
        'portal;sync' {
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Run as if portal was started in DIR')
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'A folder to scan for descriptors, or one descriptor file (repeatable); replaces portal.yaml''s sources')
            [CompletionResult]::new('--source', '--source', [CompletionResultType]::ParameterName, 'A folder to scan for descriptors, or one descriptor file (repeatable); replaces portal.yaml''s sources')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (a plugin''s calls back get the decision as PORTAL_COLOR)')
            [CompletionResult]::new('--refresh', '--refresh', [CompletionResultType]::ParameterName, 'Fetch git sources (`portal sync`) before reading them; without it, they are read from the cache and the network is never used')
            [CompletionResult]::new('--no-cache', '--no-cache', [CompletionResultType]::ParameterName, 'Read every file again, neither reading nor writing the index of the last scan')
            [CompletionResult]::new('--no-remote', '--no-remote', [CompletionResultType]::ParameterName, 'Read only local files: leave out the backstage and git sources of portal.yaml')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say on stderr how the index served the scan (what was read again, and why)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say on stderr how the index served the scan (what was read again, and why)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'portal;completions' {
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Run as if portal was started in DIR')
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'A folder to scan for descriptors, or one descriptor file (repeatable); replaces portal.yaml''s sources')
            [CompletionResult]::new('--source', '--source', [CompletionResultType]::ParameterName, 'A folder to scan for descriptors, or one descriptor file (repeatable); replaces portal.yaml''s sources')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (a plugin''s calls back get the decision as PORTAL_COLOR)')
            [CompletionResult]::new('--refresh', '--refresh', [CompletionResultType]::ParameterName, 'Fetch git sources (`portal sync`) before reading them; without it, they are read from the cache and the network is never used')
            [CompletionResult]::new('--no-cache', '--no-cache', [CompletionResultType]::ParameterName, 'Read every file again, neither reading nor writing the index of the last scan')
            [CompletionResult]::new('--no-remote', '--no-remote', [CompletionResultType]::ParameterName, 'Read only local files: leave out the backstage and git sources of portal.yaml')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say on stderr how the index served the scan (what was read again, and why)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say on stderr how the index served the scan (what was read again, and why)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'portal;man' {
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Run as if portal was started in DIR')
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'A folder to scan for descriptors, or one descriptor file (repeatable); replaces portal.yaml''s sources')
            [CompletionResult]::new('--source', '--source', [CompletionResultType]::ParameterName, 'A folder to scan for descriptors, or one descriptor file (repeatable); replaces portal.yaml''s sources')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (a plugin''s calls back get the decision as PORTAL_COLOR)')
            [CompletionResult]::new('--refresh', '--refresh', [CompletionResultType]::ParameterName, 'Fetch git sources (`portal sync`) before reading them; without it, they are read from the cache and the network is never used')
            [CompletionResult]::new('--no-cache', '--no-cache', [CompletionResultType]::ParameterName, 'Read every file again, neither reading nor writing the index of the last scan')
            [CompletionResult]::new('--no-remote', '--no-remote', [CompletionResultType]::ParameterName, 'Read only local files: leave out the backstage and git sources of portal.yaml')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say on stderr how the index served the scan (what was read again, and why)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say on stderr how the index served the scan (what was read again, and why)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'portal;help' {
            [CompletionResult]::new('validate', 'validate', [CompletionResultType]::ParameterValue, 'Check catalog files exactly as Backstage would, plus cross-entity checks')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List entities, filtered, as a table, JSON, YAML or names')
            [CompletionResult]::new('search', 'search', [CompletionResultType]::ParameterValue, 'Fuzzy search over names, titles, descriptions, tags, owners, types and systems')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Everything about one entity: owner, system, relations, where it is defined')
            [CompletionResult]::new('who-owns', 'who-owns', [CompletionResultType]::ParameterValue, 'Who owns an entity, a file or a folder; what a group or user owns')
            [CompletionResult]::new('graph', 'graph', [CompletionResultType]::ParameterValue, 'The dependency neighbourhood of an entity, or the whole graph')
            [CompletionResult]::new('owners', 'owners', [CompletionResultType]::ParameterValue, 'The ownership report: what each owner owns, and what nobody does')
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Scaffold a new project from a template, interactively or from given answers')
            [CompletionResult]::new('upgrade', 'upgrade', [CompletionResultType]::ParameterValue, 'Carry a template''s later changes into this project (made by `portal create`)')
            [CompletionResult]::new('init', 'init', [CompletionResultType]::ParameterValue, 'Write a catalog-info.yaml for this repository, from what it says about itself')
            [CompletionResult]::new('templates', 'templates', [CompletionResultType]::ParameterValue, 'List the templates `portal create` offers')
            [CompletionResult]::new('docs', 'docs', [CompletionResultType]::ParameterValue, 'Read an entity''s TechDocs in the terminal: a page, or the index and the navigation')
            [CompletionResult]::new('open', 'open', [CompletionResultType]::ParameterValue, 'Open an entity''s repository, docs, CI, a link or a card''s link in the browser')
            [CompletionResult]::new('plugins', 'plugins', [CompletionResultType]::ParameterValue, 'The installed plugins (`portal-NAME` on PATH), and which entities their cards miss')
            [CompletionResult]::new('sync', 'sync', [CompletionResultType]::ParameterValue, 'Clone or fetch the git sources of portal.yaml into the cache')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script')
            [CompletionResult]::new('man', 'man', [CompletionResultType]::ParameterValue, 'Print the man page (roff)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'portal;help;validate' {
            break
        }
        'portal;help;list' {
            break
        }
        'portal;help;search' {
            break
        }
        'portal;help;show' {
            break
        }
        'portal;help;who-owns' {
            break
        }
        'portal;help;graph' {
            break
        }
        'portal;help;owners' {
            break
        }
        'portal;help;create' {
            break
        }
        'portal;help;upgrade' {
            break
        }
        'portal;help;init' {
            break
        }
        'portal;help;templates' {
            [CompletionResult]::new('test', 'test', [CompletionResultType]::ParameterValue, 'Render each template''s test cases (tests/ beside template.yaml), validate the catalog files they make, and compare the output with the expected files')
            break
        }
        'portal;help;templates;test' {
            break
        }
        'portal;help;docs' {
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'Check docs sites as a CI gate: nav entries, links, anchors, images, pages left out')
            [CompletionResult]::new('search', 'search', [CompletionResultType]::ParameterValue, 'Full-text search across the docs of every entity, ranked (BM25)')
            [CompletionResult]::new('serve', 'serve', [CompletionResultType]::ParameterValue, 'Serve the docs as HTML on 127.0.0.1, reloading in the browser when a page changes')
            break
        }
        'portal;help;docs;check' {
            break
        }
        'portal;help;docs;search' {
            break
        }
        'portal;help;docs;serve' {
            break
        }
        'portal;help;open' {
            break
        }
        'portal;help;plugins' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the plugins on PATH, with their descriptions, versions and cards (the default)')
            [CompletionResult]::new('doctor', 'doctor', [CompletionResultType]::ParameterValue, 'For each card, built-in or a plugin''s, the entities that lack the annotations it needs (Backstage''s "missing annotation" warnings, across the catalog)')
            break
        }
        'portal;help;plugins;list' {
            break
        }
        'portal;help;plugins;doctor' {
            break
        }
        'portal;help;sync' {
            break
        }
        'portal;help;completions' {
            break
        }
        'portal;help;man' {
            break
        }
        'portal;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
