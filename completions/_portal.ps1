
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
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'A folder to scan for descriptors (repeatable); replaces portal.yaml''s sources')
            [CompletionResult]::new('--source', '--source', [CompletionResultType]::ParameterName, 'A folder to scan for descriptors (repeatable); replaces portal.yaml''s sources')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('validate', 'validate', [CompletionResultType]::ParameterValue, 'Check catalog files exactly as Backstage would, plus cross-entity checks')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List entities')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script')
            [CompletionResult]::new('man', 'man', [CompletionResultType]::ParameterValue, 'Print the man page (roff)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'portal;validate' {
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Run as if portal was started in DIR')
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'A folder to scan for descriptors (repeatable); replaces portal.yaml''s sources')
            [CompletionResult]::new('--source', '--source', [CompletionResultType]::ParameterName, 'A folder to scan for descriptors (repeatable); replaces portal.yaml''s sources')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour')
            [CompletionResult]::new('--strict', '--strict', [CompletionResultType]::ParameterName, 'Treat portal''s own checks (missing references, cycles, duplicates…) as errors')
            [CompletionResult]::new('--no-follow', '--no-follow', [CompletionResultType]::ParameterName, 'Do not follow Location entities to the files they name')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'portal;list' {
            [CompletionResult]::new('-k', '-k', [CompletionResultType]::ParameterName, 'Only entities of this kind (case-insensitive; repeatable)')
            [CompletionResult]::new('--kind', '--kind', [CompletionResultType]::ParameterName, 'Only entities of this kind (case-insensitive; repeatable)')
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Run as if portal was started in DIR')
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'A folder to scan for descriptors (repeatable); replaces portal.yaml''s sources')
            [CompletionResult]::new('--source', '--source', [CompletionResultType]::ParameterName, 'A folder to scan for descriptors (repeatable); replaces portal.yaml''s sources')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print the entities as a JSON array, in the shape of Backstage''s catalog API')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'portal;completions' {
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Run as if portal was started in DIR')
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'A folder to scan for descriptors (repeatable); replaces portal.yaml''s sources')
            [CompletionResult]::new('--source', '--source', [CompletionResultType]::ParameterName, 'A folder to scan for descriptors (repeatable); replaces portal.yaml''s sources')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'portal;man' {
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Run as if portal was started in DIR')
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'A folder to scan for descriptors (repeatable); replaces portal.yaml''s sources')
            [CompletionResult]::new('--source', '--source', [CompletionResultType]::ParameterName, 'A folder to scan for descriptors (repeatable); replaces portal.yaml''s sources')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'portal;help' {
            [CompletionResult]::new('validate', 'validate', [CompletionResultType]::ParameterValue, 'Check catalog files exactly as Backstage would, plus cross-entity checks')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List entities')
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
