
use builtin;
use str;

set edit:completion:arg-completer[portal] = {|@words|
    fn spaces {|n|
        builtin:repeat $n ' ' | str:join ''
    }
    fn cand {|text desc|
        edit:complex-candidate $text &display=$text' '(spaces (- 14 (wcswidth $text)))$desc
    }
    var command = 'portal'
    for word $words[1..-1] {
        if (str:has-prefix $word '-') {
            break
        }
        set command = $command';'$word
    }
    var completions = [
        &'portal'= {
            cand -C 'Run as if portal was started in DIR'
            cand -s 'A folder to scan for descriptors (repeatable); replaces portal.yaml''s sources'
            cand --source 'A folder to scan for descriptors (repeatable); replaces portal.yaml''s sources'
            cand --color 'When to use colour'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand validate 'Check catalog files exactly as Backstage would, plus cross-entity checks'
            cand list 'List entities'
            cand completions 'Print a shell completion script'
            cand man 'Print the man page (roff)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'portal;validate'= {
            cand -f 'Output format'
            cand --format 'Output format'
            cand -C 'Run as if portal was started in DIR'
            cand -s 'A folder to scan for descriptors (repeatable); replaces portal.yaml''s sources'
            cand --source 'A folder to scan for descriptors (repeatable); replaces portal.yaml''s sources'
            cand --color 'When to use colour'
            cand --strict 'Treat portal''s own checks (missing references, cycles, duplicates…) as errors'
            cand --no-follow 'Do not follow Location entities to the files they name'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'portal;list'= {
            cand -k 'Only entities of this kind (case-insensitive; repeatable)'
            cand --kind 'Only entities of this kind (case-insensitive; repeatable)'
            cand -C 'Run as if portal was started in DIR'
            cand -s 'A folder to scan for descriptors (repeatable); replaces portal.yaml''s sources'
            cand --source 'A folder to scan for descriptors (repeatable); replaces portal.yaml''s sources'
            cand --color 'When to use colour'
            cand --json 'Print the entities as a JSON array, in the shape of Backstage''s catalog API'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'portal;completions'= {
            cand -C 'Run as if portal was started in DIR'
            cand -s 'A folder to scan for descriptors (repeatable); replaces portal.yaml''s sources'
            cand --source 'A folder to scan for descriptors (repeatable); replaces portal.yaml''s sources'
            cand --color 'When to use colour'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'portal;man'= {
            cand -C 'Run as if portal was started in DIR'
            cand -s 'A folder to scan for descriptors (repeatable); replaces portal.yaml''s sources'
            cand --source 'A folder to scan for descriptors (repeatable); replaces portal.yaml''s sources'
            cand --color 'When to use colour'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'portal;help'= {
            cand validate 'Check catalog files exactly as Backstage would, plus cross-entity checks'
            cand list 'List entities'
            cand completions 'Print a shell completion script'
            cand man 'Print the man page (roff)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'portal;help;validate'= {
        }
        &'portal;help;list'= {
        }
        &'portal;help;completions'= {
        }
        &'portal;help;man'= {
        }
        &'portal;help;help'= {
        }
    ]
    $completions[$command]
}
