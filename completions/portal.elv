
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
            cand -s 'A folder to scan for descriptors, or one descriptor file (repeatable); replaces portal.yaml''s sources'
            cand --source 'A folder to scan for descriptors, or one descriptor file (repeatable); replaces portal.yaml''s sources'
            cand --color 'When to use colour (a plugin''s calls back get the decision as PORTAL_COLOR)'
            cand --refresh 'Fetch git sources (`portal sync`) before reading them; without it, they are read from the cache and the network is never used'
            cand --no-cache 'Read every file again, neither reading nor writing the index of the last scan'
            cand --no-remote 'Read only local files: leave out the backstage and git sources of portal.yaml'
            cand -v 'Say on stderr how the index served the scan (what was read again, and why)'
            cand --verbose 'Say on stderr how the index served the scan (what was read again, and why)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand validate 'Check catalog files exactly as Backstage would, plus cross-entity checks'
            cand list 'List entities, filtered, as a table, JSON, YAML or names'
            cand search 'Fuzzy search over names, titles, descriptions, tags, owners, types and systems'
            cand show 'Everything about one entity: owner, system, relations, where it is defined'
            cand who-owns 'Who owns an entity, a file or a folder; what a group or user owns'
            cand graph 'The dependency neighbourhood of an entity, or the whole graph'
            cand owners 'The ownership report: what each owner owns, and what nobody does'
            cand create 'Scaffold a new project from a template, interactively or from given answers'
            cand upgrade 'Carry a template''s later changes into this project (made by `portal create`)'
            cand init 'Write a catalog-info.yaml for this repository, from what it says about itself'
            cand templates 'List the templates `portal create` offers'
            cand docs 'Read an entity''s TechDocs in the terminal: a page, or the index and the navigation'
            cand open 'Open an entity''s repository, docs, CI, a link or a card''s link in the browser'
            cand plugins 'The installed plugins (`portal-NAME` on PATH), and which entities their cards miss'
            cand sync 'Clone or fetch the git sources of portal.yaml into the cache'
            cand completions 'Print a shell completion script'
            cand man 'Print the man page (roff)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'portal;validate'= {
            cand -f 'Output format'
            cand --format 'Output format'
            cand -C 'Run as if portal was started in DIR'
            cand -s 'A folder to scan for descriptors, or one descriptor file (repeatable); replaces portal.yaml''s sources'
            cand --source 'A folder to scan for descriptors, or one descriptor file (repeatable); replaces portal.yaml''s sources'
            cand --color 'When to use colour (a plugin''s calls back get the decision as PORTAL_COLOR)'
            cand --strict 'Treat portal''s own checks (missing references, cycles, duplicates…) as errors'
            cand --no-follow 'Do not follow Location entities to the files they name'
            cand --allow-empty 'Succeed when no catalog file is found (an error otherwise, so CI never passes on nothing)'
            cand --docs 'Check the docs of every entity that has them too (`portal docs check`)'
            cand --refresh 'Fetch git sources (`portal sync`) before reading them; without it, they are read from the cache and the network is never used'
            cand --no-cache 'Read every file again, neither reading nor writing the index of the last scan'
            cand --no-remote 'Read only local files: leave out the backstage and git sources of portal.yaml'
            cand -v 'Say on stderr how the index served the scan (what was read again, and why)'
            cand --verbose 'Say on stderr how the index served the scan (what was read again, and why)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'portal;list'= {
            cand -k 'Only entities of this kind (case-insensitive; repeatable, or comma-separated)'
            cand --kind 'Only entities of this kind (case-insensitive; repeatable, or comma-separated)'
            cand -t 'Only entities whose `spec.type` is TYPE (repeatable, or comma-separated)'
            cand --type 'Only entities whose `spec.type` is TYPE (repeatable, or comma-separated)'
            cand -o 'Only entities owned by OWNER (`team-a`, `group:team-a`, `user:jdoe`; repeatable, or comma-separated)'
            cand --owner 'Only entities owned by OWNER (`team-a`, `group:team-a`, `user:jdoe`; repeatable, or comma-separated)'
            cand -l 'Only entities with this `spec.lifecycle` (repeatable, or comma-separated)'
            cand --lifecycle 'Only entities with this `spec.lifecycle` (repeatable, or comma-separated)'
            cand --tag 'Only entities with this tag (repeatable, or comma-separated)'
            cand --system 'Only entities that are part of SYSTEM (repeatable, or comma-separated)'
            cand -n 'Only entities in NAMESPACE (repeatable, or comma-separated)'
            cand --namespace 'Only entities in NAMESPACE (repeatable, or comma-separated)'
            cand --filter 'Backstage''s filter syntax: `kind=component,spec.type=service` (all must hold); repeat for alternatives'
            cand -f 'Output format'
            cand --format 'Output format'
            cand -C 'Run as if portal was started in DIR'
            cand -s 'A folder to scan for descriptors, or one descriptor file (repeatable); replaces portal.yaml''s sources'
            cand --source 'A folder to scan for descriptors, or one descriptor file (repeatable); replaces portal.yaml''s sources'
            cand --color 'When to use colour (a plugin''s calls back get the decision as PORTAL_COLOR)'
            cand --json 'Shorthand for `--format json`: entities in the shape of Backstage''s catalog API'
            cand --yaml 'Shorthand for `--format yaml`'
            cand --refresh 'Fetch git sources (`portal sync`) before reading them; without it, they are read from the cache and the network is never used'
            cand --no-cache 'Read every file again, neither reading nor writing the index of the last scan'
            cand --no-remote 'Read only local files: leave out the backstage and git sources of portal.yaml'
            cand -v 'Say on stderr how the index served the scan (what was read again, and why)'
            cand --verbose 'Say on stderr how the index served the scan (what was read again, and why)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'portal;search'= {
            cand -k 'Only entities of this kind (case-insensitive; repeatable, or comma-separated)'
            cand --kind 'Only entities of this kind (case-insensitive; repeatable, or comma-separated)'
            cand --limit 'At most this many results (1 or more)'
            cand -C 'Run as if portal was started in DIR'
            cand -s 'A folder to scan for descriptors, or one descriptor file (repeatable); replaces portal.yaml''s sources'
            cand --source 'A folder to scan for descriptors, or one descriptor file (repeatable); replaces portal.yaml''s sources'
            cand --color 'When to use colour (a plugin''s calls back get the decision as PORTAL_COLOR)'
            cand --docs 'Search the docs of every entity too (`portal docs search`), as Backstage''s search page covers the catalog and TechDocs'
            cand --json 'Print results as JSON, with their scores'
            cand --refresh 'Fetch git sources (`portal sync`) before reading them; without it, they are read from the cache and the network is never used'
            cand --no-cache 'Read every file again, neither reading nor writing the index of the last scan'
            cand --no-remote 'Read only local files: leave out the backstage and git sources of portal.yaml'
            cand -v 'Say on stderr how the index served the scan (what was read again, and why)'
            cand --verbose 'Say on stderr how the index served the scan (what was read again, and why)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'portal;show'= {
            cand -C 'Run as if portal was started in DIR'
            cand -s 'A folder to scan for descriptors, or one descriptor file (repeatable); replaces portal.yaml''s sources'
            cand --source 'A folder to scan for descriptors, or one descriptor file (repeatable); replaces portal.yaml''s sources'
            cand --color 'When to use colour (a plugin''s calls back get the decision as PORTAL_COLOR)'
            cand --json 'Print as JSON'
            cand --no-cards 'Leave out the entity cards (built-in and plugins''); no plugin is run'
            cand --refresh 'Fetch git sources (`portal sync`) before reading them; without it, they are read from the cache and the network is never used'
            cand --no-cache 'Read every file again, neither reading nor writing the index of the last scan'
            cand --no-remote 'Read only local files: leave out the backstage and git sources of portal.yaml'
            cand -v 'Say on stderr how the index served the scan (what was read again, and why)'
            cand --verbose 'Say on stderr how the index served the scan (what was read again, and why)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'portal;who-owns'= {
            cand -C 'Run as if portal was started in DIR'
            cand -s 'A folder to scan for descriptors, or one descriptor file (repeatable); replaces portal.yaml''s sources'
            cand --source 'A folder to scan for descriptors, or one descriptor file (repeatable); replaces portal.yaml''s sources'
            cand --color 'When to use colour (a plugin''s calls back get the decision as PORTAL_COLOR)'
            cand --json 'Print as JSON'
            cand --refresh 'Fetch git sources (`portal sync`) before reading them; without it, they are read from the cache and the network is never used'
            cand --no-cache 'Read every file again, neither reading nor writing the index of the last scan'
            cand --no-remote 'Read only local files: leave out the backstage and git sources of portal.yaml'
            cand -v 'Say on stderr how the index served the scan (what was read again, and why)'
            cand --verbose 'Say on stderr how the index served the scan (what was read again, and why)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'portal;graph'= {
            cand -d 'How many relations away to go'
            cand --depth 'How many relations away to go'
            cand --relations 'Relations to follow, comma-separated [default: dependsOn,consumesApi,providesApi,partOf]'
            cand -f 'Output format [default: tree with an entity, dot without]'
            cand --format 'Output format [default: tree with an entity, dot without]'
            cand -C 'Run as if portal was started in DIR'
            cand -s 'A folder to scan for descriptors, or one descriptor file (repeatable); replaces portal.yaml''s sources'
            cand --source 'A folder to scan for descriptors, or one descriptor file (repeatable); replaces portal.yaml''s sources'
            cand --color 'When to use colour (a plugin''s calls back get the decision as PORTAL_COLOR)'
            cand -r 'Follow relations backwards: who depends on it (the blast radius)'
            cand --reverse 'Follow relations backwards: who depends on it (the blast radius)'
            cand --cycles 'List every dependency cycle instead'
            cand --refresh 'Fetch git sources (`portal sync`) before reading them; without it, they are read from the cache and the network is never used'
            cand --no-cache 'Read every file again, neither reading nor writing the index of the last scan'
            cand --no-remote 'Read only local files: leave out the backstage and git sources of portal.yaml'
            cand -v 'Say on stderr how the index served the scan (what was read again, and why)'
            cand --verbose 'Say on stderr how the index served the scan (what was read again, and why)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'portal;owners'= {
            cand -C 'Run as if portal was started in DIR'
            cand -s 'A folder to scan for descriptors, or one descriptor file (repeatable); replaces portal.yaml''s sources'
            cand --source 'A folder to scan for descriptors, or one descriptor file (repeatable); replaces portal.yaml''s sources'
            cand --color 'When to use colour (a plugin''s calls back get the decision as PORTAL_COLOR)'
            cand --json 'Print as JSON'
            cand --fail-on-unowned 'Exit with 1 when an entity has no owner, or an owner that does not exist'
            cand --refresh 'Fetch git sources (`portal sync`) before reading them; without it, they are read from the cache and the network is never used'
            cand --no-cache 'Read every file again, neither reading nor writing the index of the last scan'
            cand --no-remote 'Read only local files: leave out the backstage and git sources of portal.yaml'
            cand -v 'Say on stderr how the index served the scan (what was read again, and why)'
            cand --verbose 'Say on stderr how the index served the scan (what was read again, and why)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'portal;create'= {
            cand --template 'Use the template at PATH: a folder holding template.yaml, or the file itself'
            cand --output 'Where to create the project [default: ./<name>]. (No `-o`: in the catalog commands `-o` is `--owner`.)'
            cand --values 'Answers from a YAML or JSON file'
            cand --set 'One answer, `key=value` (repeatable; wins over --values)'
            cand -C 'Run as if portal was started in DIR'
            cand -s 'A folder to scan for descriptors, or one descriptor file (repeatable); replaces portal.yaml''s sources'
            cand --source 'A folder to scan for descriptors, or one descriptor file (repeatable); replaces portal.yaml''s sources'
            cand --color 'When to use colour (a plugin''s calls back get the decision as PORTAL_COLOR)'
            cand --no-input 'Never prompt; missing answers take their defaults (implied when stdin is not a terminal)'
            cand --dry-run 'Print what would be written, and write nothing. (No `-n`: in the catalog commands `-n` is `--namespace`.)'
            cand --force 'Write into an existing, non-empty folder; the files the plan names are replaced'
            cand --no-git 'Do not make the project a git repository'
            cand --json 'Print the plan or the result as JSON'
            cand --refresh 'Fetch git sources (`portal sync`) before reading them; without it, they are read from the cache and the network is never used'
            cand --no-cache 'Read every file again, neither reading nor writing the index of the last scan'
            cand --no-remote 'Read only local files: leave out the backstage and git sources of portal.yaml'
            cand -v 'Say on stderr how the index served the scan (what was read again, and why)'
            cand --verbose 'Say on stderr how the index served the scan (what was read again, and why)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'portal;upgrade'= {
            cand --template 'The template as it is now [default: where .portal/answers.yaml says it came from]'
            cand --values 'Answers to the template''s new questions, from a YAML or JSON file'
            cand --set 'An answer to a new question (repeatable)'
            cand -C 'Run as if portal was started in DIR'
            cand -s 'A folder to scan for descriptors, or one descriptor file (repeatable); replaces portal.yaml''s sources'
            cand --source 'A folder to scan for descriptors, or one descriptor file (repeatable); replaces portal.yaml''s sources'
            cand --color 'When to use colour (a plugin''s calls back get the decision as PORTAL_COLOR)'
            cand --apply 'Write the changes: clean updates and merges, and conflicts with conflict markers [default: print the plan only]'
            cand --plan 'Print the plan only, writing nothing (the default)'
            cand --all 'Every project in the catalog made from a template: whether its upgrade is clean'
            cand --no-input 'Never prompt; a new question without an answer is an error'
            cand --json 'Print the plan as JSON'
            cand --refresh 'Fetch git sources (`portal sync`) before reading them; without it, they are read from the cache and the network is never used'
            cand --no-cache 'Read every file again, neither reading nor writing the index of the last scan'
            cand --no-remote 'Read only local files: leave out the backstage and git sources of portal.yaml'
            cand -v 'Say on stderr how the index served the scan (what was read again, and why)'
            cand --verbose 'Say on stderr how the index served the scan (what was read again, and why)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'portal;init'= {
            cand --set 'A field, `key=value`: name, owner, type, lifecycle or system (repeatable; wins over what is inferred)'
            cand -C 'Run as if portal was started in DIR'
            cand -s 'A folder to scan for descriptors, or one descriptor file (repeatable); replaces portal.yaml''s sources'
            cand --source 'A folder to scan for descriptors, or one descriptor file (repeatable); replaces portal.yaml''s sources'
            cand --color 'When to use colour (a plugin''s calls back get the decision as PORTAL_COLOR)'
            cand --no-input 'Never prompt: write what was inferred, and fail on what is missing (implied when stdin is not a terminal)'
            cand --dry-run 'Print the descriptor, and write nothing'
            cand --check 'Compare the existing catalog-info.yaml with what would be inferred now, for CI: exit 1 on drift'
            cand --json 'Print the inferences (and for --check, the drift) as JSON'
            cand --refresh 'Fetch git sources (`portal sync`) before reading them; without it, they are read from the cache and the network is never used'
            cand --no-cache 'Read every file again, neither reading nor writing the index of the last scan'
            cand --no-remote 'Read only local files: leave out the backstage and git sources of portal.yaml'
            cand -v 'Say on stderr how the index served the scan (what was read again, and why)'
            cand --verbose 'Say on stderr how the index served the scan (what was read again, and why)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'portal;templates'= {
            cand -C 'Run as if portal was started in DIR'
            cand -s 'A folder to scan for descriptors, or one descriptor file (repeatable); replaces portal.yaml''s sources'
            cand --source 'A folder to scan for descriptors, or one descriptor file (repeatable); replaces portal.yaml''s sources'
            cand --color 'When to use colour (a plugin''s calls back get the decision as PORTAL_COLOR)'
            cand --json 'Print as JSON'
            cand --refresh 'Fetch git sources (`portal sync`) before reading them; without it, they are read from the cache and the network is never used'
            cand --no-cache 'Read every file again, neither reading nor writing the index of the last scan'
            cand --no-remote 'Read only local files: leave out the backstage and git sources of portal.yaml'
            cand -v 'Say on stderr how the index served the scan (what was read again, and why)'
            cand --verbose 'Say on stderr how the index served the scan (what was read again, and why)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand test 'Render each template''s test cases (tests/ beside template.yaml), validate the catalog files they make, and compare the output with the expected files'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'portal;templates;test'= {
            cand -f 'Output format'
            cand --format 'Output format'
            cand -C 'Run as if portal was started in DIR'
            cand -s 'A folder to scan for descriptors, or one descriptor file (repeatable); replaces portal.yaml''s sources'
            cand --source 'A folder to scan for descriptors, or one descriptor file (repeatable); replaces portal.yaml''s sources'
            cand --color 'When to use colour (a plugin''s calls back get the decision as PORTAL_COLOR)'
            cand --update 'Rewrite each case''s expected files from what it renders now (creating tests/CASE/ for a case that has none)'
            cand --refresh 'Fetch git sources (`portal sync`) before reading them; without it, they are read from the cache and the network is never used'
            cand --no-cache 'Read every file again, neither reading nor writing the index of the last scan'
            cand --no-remote 'Read only local files: leave out the backstage and git sources of portal.yaml'
            cand -v 'Say on stderr how the index served the scan (what was read again, and why)'
            cand --verbose 'Say on stderr how the index served the scan (what was read again, and why)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'portal;templates;help'= {
            cand test 'Render each template''s test cases (tests/ beside template.yaml), validate the catalog files they make, and compare the output with the expected files'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'portal;templates;help;test'= {
        }
        &'portal;templates;help;help'= {
        }
        &'portal;docs'= {
            cand -C 'Run as if portal was started in DIR'
            cand -s 'A folder to scan for descriptors, or one descriptor file (repeatable); replaces portal.yaml''s sources'
            cand --source 'A folder to scan for descriptors, or one descriptor file (repeatable); replaces portal.yaml''s sources'
            cand --color 'When to use colour (a plugin''s calls back get the decision as PORTAL_COLOR)'
            cand --list 'Print the navigation only'
            cand --raw 'Print the page''s Markdown source'
            cand --json 'Print the site (and the page''s source) as JSON'
            cand --no-pager 'Write to standard output even on a terminal, without $PAGER'
            cand --refresh 'Fetch git sources (`portal sync`) before reading them; without it, they are read from the cache and the network is never used'
            cand --no-cache 'Read every file again, neither reading nor writing the index of the last scan'
            cand --no-remote 'Read only local files: leave out the backstage and git sources of portal.yaml'
            cand -v 'Say on stderr how the index served the scan (what was read again, and why)'
            cand --verbose 'Say on stderr how the index served the scan (what was read again, and why)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand check 'Check docs sites as a CI gate: nav entries, links, anchors, images, pages left out'
            cand search 'Full-text search across the docs of every entity, ranked (BM25)'
            cand serve 'Serve the docs as HTML on 127.0.0.1, reloading in the browser when a page changes'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'portal;docs;check'= {
            cand -f 'Output format'
            cand --format 'Output format'
            cand -C 'Run as if portal was started in DIR'
            cand -s 'A folder to scan for descriptors, or one descriptor file (repeatable); replaces portal.yaml''s sources'
            cand --source 'A folder to scan for descriptors, or one descriptor file (repeatable); replaces portal.yaml''s sources'
            cand --color 'When to use colour (a plugin''s calls back get the decision as PORTAL_COLOR)'
            cand --strict 'Treat warnings (pages left out of the nav) as errors'
            cand --refresh 'Fetch git sources (`portal sync`) before reading them; without it, they are read from the cache and the network is never used'
            cand --no-cache 'Read every file again, neither reading nor writing the index of the last scan'
            cand --no-remote 'Read only local files: leave out the backstage and git sources of portal.yaml'
            cand -v 'Say on stderr how the index served the scan (what was read again, and why)'
            cand --verbose 'Say on stderr how the index served the scan (what was read again, and why)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'portal;docs;search'= {
            cand -k 'Only docs of entities of this kind (repeatable, or comma-separated)'
            cand --kind 'Only docs of entities of this kind (repeatable, or comma-separated)'
            cand -o 'Only docs of entities owned by OWNER (repeatable, or comma-separated)'
            cand --owner 'Only docs of entities owned by OWNER (repeatable, or comma-separated)'
            cand --system 'Only docs of entities that are part of SYSTEM (repeatable, or comma-separated)'
            cand --tag 'Only docs of entities with this tag (repeatable, or comma-separated)'
            cand --limit 'At most this many pages (1 or more)'
            cand -C 'Run as if portal was started in DIR'
            cand -s 'A folder to scan for descriptors, or one descriptor file (repeatable); replaces portal.yaml''s sources'
            cand --source 'A folder to scan for descriptors, or one descriptor file (repeatable); replaces portal.yaml''s sources'
            cand --color 'When to use colour (a plugin''s calls back get the decision as PORTAL_COLOR)'
            cand --json 'Print the pages as JSON, with their scores and snippets'
            cand --refresh 'Fetch git sources (`portal sync`) before reading them; without it, they are read from the cache and the network is never used'
            cand --no-cache 'Read every file again, neither reading nor writing the index of the last scan'
            cand --no-remote 'Read only local files: leave out the backstage and git sources of portal.yaml'
            cand -v 'Say on stderr how the index served the scan (what was read again, and why)'
            cand --verbose 'Say on stderr how the index served the scan (what was read again, and why)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'portal;docs;serve'= {
            cand --port 'The port on 127.0.0.1 (0: one the system chooses)'
            cand -C 'Run as if portal was started in DIR'
            cand -s 'A folder to scan for descriptors, or one descriptor file (repeatable); replaces portal.yaml''s sources'
            cand --source 'A folder to scan for descriptors, or one descriptor file (repeatable); replaces portal.yaml''s sources'
            cand --color 'When to use colour (a plugin''s calls back get the decision as PORTAL_COLOR)'
            cand --open 'Open the URL in the browser'
            cand --refresh 'Fetch git sources (`portal sync`) before reading them; without it, they are read from the cache and the network is never used'
            cand --no-cache 'Read every file again, neither reading nor writing the index of the last scan'
            cand --no-remote 'Read only local files: leave out the backstage and git sources of portal.yaml'
            cand -v 'Say on stderr how the index served the scan (what was read again, and why)'
            cand --verbose 'Say on stderr how the index served the scan (what was read again, and why)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'portal;docs;help'= {
            cand check 'Check docs sites as a CI gate: nav entries, links, anchors, images, pages left out'
            cand search 'Full-text search across the docs of every entity, ranked (BM25)'
            cand serve 'Serve the docs as HTML on 127.0.0.1, reloading in the browser when a page changes'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'portal;docs;help;check'= {
        }
        &'portal;docs;help;search'= {
        }
        &'portal;docs;help;serve'= {
        }
        &'portal;docs;help;help'= {
        }
        &'portal;open'= {
            cand -C 'Run as if portal was started in DIR'
            cand -s 'A folder to scan for descriptors, or one descriptor file (repeatable); replaces portal.yaml''s sources'
            cand --source 'A folder to scan for descriptors, or one descriptor file (repeatable); replaces portal.yaml''s sources'
            cand --color 'When to use colour (a plugin''s calls back get the decision as PORTAL_COLOR)'
            cand --print 'Print the URL instead of opening it'
            cand --edit 'Open the descriptor in $VISUAL or $EDITOR, at the entity''s line'
            cand --refresh 'Fetch git sources (`portal sync`) before reading them; without it, they are read from the cache and the network is never used'
            cand --no-cache 'Read every file again, neither reading nor writing the index of the last scan'
            cand --no-remote 'Read only local files: leave out the backstage and git sources of portal.yaml'
            cand -v 'Say on stderr how the index served the scan (what was read again, and why)'
            cand --verbose 'Say on stderr how the index served the scan (what was read again, and why)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'portal;plugins'= {
            cand -C 'Run as if portal was started in DIR'
            cand -s 'A folder to scan for descriptors, or one descriptor file (repeatable); replaces portal.yaml''s sources'
            cand --source 'A folder to scan for descriptors, or one descriptor file (repeatable); replaces portal.yaml''s sources'
            cand --color 'When to use colour (a plugin''s calls back get the decision as PORTAL_COLOR)'
            cand --json 'Print as JSON'
            cand --refresh 'Fetch git sources (`portal sync`) before reading them; without it, they are read from the cache and the network is never used'
            cand --no-cache 'Read every file again, neither reading nor writing the index of the last scan'
            cand --no-remote 'Read only local files: leave out the backstage and git sources of portal.yaml'
            cand -v 'Say on stderr how the index served the scan (what was read again, and why)'
            cand --verbose 'Say on stderr how the index served the scan (what was read again, and why)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand list 'List the plugins on PATH, with their descriptions, versions and cards (the default)'
            cand doctor 'For each card, built-in or a plugin''s, the entities that lack the annotations it needs (Backstage''s "missing annotation" warnings, across the catalog)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'portal;plugins;list'= {
            cand -C 'Run as if portal was started in DIR'
            cand -s 'A folder to scan for descriptors, or one descriptor file (repeatable); replaces portal.yaml''s sources'
            cand --source 'A folder to scan for descriptors, or one descriptor file (repeatable); replaces portal.yaml''s sources'
            cand --color 'When to use colour (a plugin''s calls back get the decision as PORTAL_COLOR)'
            cand --json 'Print as JSON'
            cand --refresh 'Fetch git sources (`portal sync`) before reading them; without it, they are read from the cache and the network is never used'
            cand --no-cache 'Read every file again, neither reading nor writing the index of the last scan'
            cand --no-remote 'Read only local files: leave out the backstage and git sources of portal.yaml'
            cand -v 'Say on stderr how the index served the scan (what was read again, and why)'
            cand --verbose 'Say on stderr how the index served the scan (what was read again, and why)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'portal;plugins;doctor'= {
            cand -k 'Only entities of these kinds (repeatable or comma-separated) [default: Component]'
            cand --kind 'Only entities of these kinds (repeatable or comma-separated) [default: Component]'
            cand --card 'Only these cards (their ids, or plugin names; repeatable or comma-separated)'
            cand -C 'Run as if portal was started in DIR'
            cand -s 'A folder to scan for descriptors, or one descriptor file (repeatable); replaces portal.yaml''s sources'
            cand --source 'A folder to scan for descriptors, or one descriptor file (repeatable); replaces portal.yaml''s sources'
            cand --color 'When to use colour (a plugin''s calls back get the decision as PORTAL_COLOR)'
            cand --json 'Print as JSON'
            cand --refresh 'Fetch git sources (`portal sync`) before reading them; without it, they are read from the cache and the network is never used'
            cand --no-cache 'Read every file again, neither reading nor writing the index of the last scan'
            cand --no-remote 'Read only local files: leave out the backstage and git sources of portal.yaml'
            cand -v 'Say on stderr how the index served the scan (what was read again, and why)'
            cand --verbose 'Say on stderr how the index served the scan (what was read again, and why)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'portal;plugins;help'= {
            cand list 'List the plugins on PATH, with their descriptions, versions and cards (the default)'
            cand doctor 'For each card, built-in or a plugin''s, the entities that lack the annotations it needs (Backstage''s "missing annotation" warnings, across the catalog)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'portal;plugins;help;list'= {
        }
        &'portal;plugins;help;doctor'= {
        }
        &'portal;plugins;help;help'= {
        }
        &'portal;sync'= {
            cand -C 'Run as if portal was started in DIR'
            cand -s 'A folder to scan for descriptors, or one descriptor file (repeatable); replaces portal.yaml''s sources'
            cand --source 'A folder to scan for descriptors, or one descriptor file (repeatable); replaces portal.yaml''s sources'
            cand --color 'When to use colour (a plugin''s calls back get the decision as PORTAL_COLOR)'
            cand --refresh 'Fetch git sources (`portal sync`) before reading them; without it, they are read from the cache and the network is never used'
            cand --no-cache 'Read every file again, neither reading nor writing the index of the last scan'
            cand --no-remote 'Read only local files: leave out the backstage and git sources of portal.yaml'
            cand -v 'Say on stderr how the index served the scan (what was read again, and why)'
            cand --verbose 'Say on stderr how the index served the scan (what was read again, and why)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'portal;completions'= {
            cand -C 'Run as if portal was started in DIR'
            cand -s 'A folder to scan for descriptors, or one descriptor file (repeatable); replaces portal.yaml''s sources'
            cand --source 'A folder to scan for descriptors, or one descriptor file (repeatable); replaces portal.yaml''s sources'
            cand --color 'When to use colour (a plugin''s calls back get the decision as PORTAL_COLOR)'
            cand --refresh 'Fetch git sources (`portal sync`) before reading them; without it, they are read from the cache and the network is never used'
            cand --no-cache 'Read every file again, neither reading nor writing the index of the last scan'
            cand --no-remote 'Read only local files: leave out the backstage and git sources of portal.yaml'
            cand -v 'Say on stderr how the index served the scan (what was read again, and why)'
            cand --verbose 'Say on stderr how the index served the scan (what was read again, and why)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'portal;man'= {
            cand -C 'Run as if portal was started in DIR'
            cand -s 'A folder to scan for descriptors, or one descriptor file (repeatable); replaces portal.yaml''s sources'
            cand --source 'A folder to scan for descriptors, or one descriptor file (repeatable); replaces portal.yaml''s sources'
            cand --color 'When to use colour (a plugin''s calls back get the decision as PORTAL_COLOR)'
            cand --refresh 'Fetch git sources (`portal sync`) before reading them; without it, they are read from the cache and the network is never used'
            cand --no-cache 'Read every file again, neither reading nor writing the index of the last scan'
            cand --no-remote 'Read only local files: leave out the backstage and git sources of portal.yaml'
            cand -v 'Say on stderr how the index served the scan (what was read again, and why)'
            cand --verbose 'Say on stderr how the index served the scan (what was read again, and why)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'portal;help'= {
            cand validate 'Check catalog files exactly as Backstage would, plus cross-entity checks'
            cand list 'List entities, filtered, as a table, JSON, YAML or names'
            cand search 'Fuzzy search over names, titles, descriptions, tags, owners, types and systems'
            cand show 'Everything about one entity: owner, system, relations, where it is defined'
            cand who-owns 'Who owns an entity, a file or a folder; what a group or user owns'
            cand graph 'The dependency neighbourhood of an entity, or the whole graph'
            cand owners 'The ownership report: what each owner owns, and what nobody does'
            cand create 'Scaffold a new project from a template, interactively or from given answers'
            cand upgrade 'Carry a template''s later changes into this project (made by `portal create`)'
            cand init 'Write a catalog-info.yaml for this repository, from what it says about itself'
            cand templates 'List the templates `portal create` offers'
            cand docs 'Read an entity''s TechDocs in the terminal: a page, or the index and the navigation'
            cand open 'Open an entity''s repository, docs, CI, a link or a card''s link in the browser'
            cand plugins 'The installed plugins (`portal-NAME` on PATH), and which entities their cards miss'
            cand sync 'Clone or fetch the git sources of portal.yaml into the cache'
            cand completions 'Print a shell completion script'
            cand man 'Print the man page (roff)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'portal;help;validate'= {
        }
        &'portal;help;list'= {
        }
        &'portal;help;search'= {
        }
        &'portal;help;show'= {
        }
        &'portal;help;who-owns'= {
        }
        &'portal;help;graph'= {
        }
        &'portal;help;owners'= {
        }
        &'portal;help;create'= {
        }
        &'portal;help;upgrade'= {
        }
        &'portal;help;init'= {
        }
        &'portal;help;templates'= {
            cand test 'Render each template''s test cases (tests/ beside template.yaml), validate the catalog files they make, and compare the output with the expected files'
        }
        &'portal;help;templates;test'= {
        }
        &'portal;help;docs'= {
            cand check 'Check docs sites as a CI gate: nav entries, links, anchors, images, pages left out'
            cand search 'Full-text search across the docs of every entity, ranked (BM25)'
            cand serve 'Serve the docs as HTML on 127.0.0.1, reloading in the browser when a page changes'
        }
        &'portal;help;docs;check'= {
        }
        &'portal;help;docs;search'= {
        }
        &'portal;help;docs;serve'= {
        }
        &'portal;help;open'= {
        }
        &'portal;help;plugins'= {
            cand list 'List the plugins on PATH, with their descriptions, versions and cards (the default)'
            cand doctor 'For each card, built-in or a plugin''s, the entities that lack the annotations it needs (Backstage''s "missing annotation" warnings, across the catalog)'
        }
        &'portal;help;plugins;list'= {
        }
        &'portal;help;plugins;doctor'= {
        }
        &'portal;help;sync'= {
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
