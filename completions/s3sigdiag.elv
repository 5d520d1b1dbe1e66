
use builtin;
use str;

set edit:completion:arg-completer[s3sigdiag] = {|@words|
    fn spaces {|n|
        builtin:repeat $n ' ' | str:join ''
    }
    fn cand {|text desc|
        edit:complex-candidate $text &display=$text' '(spaces (- 14 (wcswidth $text)))$desc
    }
    var command = 's3sigdiag'
    for word $words[1..-1] {
        if (str:has-prefix $word '-') {
            break
        }
        set command = $command';'$word
    }
    var completions = [
        &'s3sigdiag'= {
            cand --color 'When to colour output'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand explain 'Diagnose a failed request from what you have (error body, request, canonical text)'
            cand sign 'Print the canonical request, string to sign and signature for a request'
            cand rules 'List every rule (cause) the diagnosis knows, grouped by category'
            cand rule 'Print the documentation of one rule'
            cand completions 'Print a shell completion script to stdout'
            cand man 'Print the man page (roff) to stdout'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'s3sigdiag;explain'= {
            cand --request 'The client''s side: a raw HTTP request or the client''s canonical request text'
            cand --input-format 'Skip detection and read every input as this format'
            cand --format 'Output format'
            cand --now 'Judge a presigned URL''s expiry as of this time (`YYYYMMDDTHHMMSSZ` or RFC 3339) instead of the system clock: makes a report reproducible'
            cand --color 'When to colour output'
            cand -v 'Show everything checked, every diff line and every finding''s evidence'
            cand --verbose 'Show everything checked, every diff line and every finding''s evidence'
            cand -q 'Print only the verdict line'
            cand --quiet 'Print only the verdict line'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'s3sigdiag;sign'= {
            cand --method 'method'
            cand --url 'The full URL (`https://bucket.s3.amazonaws.com/key?query`)'
            cand -H 'A header to send and sign, `Name: value` (repeatable)'
            cand --header 'A header to send and sign, `Name: value` (repeatable)'
            cand --region 'region'
            cand --service 'service'
            cand --date 'Request time `YYYYMMDDTHHMMSSZ` (default: now)'
            cand --access-key 'access-key'
            cand --secret-key-file 'Read the secret key from this file (first line; a trailing newline is dropped)'
            cand --payload-hash 'Payload hash to sign (hex SHA-256, UNSIGNED-PAYLOAD, STREAMING-…)'
            cand --body 'Hash this file as the body'
            cand --path-mode 'How the path becomes the canonical URI (default: s3 for service s3, else generic)'
            cand --expires 'Lifetime of a presigned URL in seconds'
            cand --format 'format'
            cand --color 'When to colour output'
            cand --presign 'Produce a presigned URL instead of an Authorization header'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'s3sigdiag;rules'= {
            cand --format 'format'
            cand --color 'When to colour output'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'s3sigdiag;rule'= {
            cand --color 'When to colour output'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'s3sigdiag;completions'= {
            cand --color 'When to colour output'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'s3sigdiag;man'= {
            cand --color 'When to colour output'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'s3sigdiag;help'= {
            cand explain 'Diagnose a failed request from what you have (error body, request, canonical text)'
            cand sign 'Print the canonical request, string to sign and signature for a request'
            cand rules 'List every rule (cause) the diagnosis knows, grouped by category'
            cand rule 'Print the documentation of one rule'
            cand completions 'Print a shell completion script to stdout'
            cand man 'Print the man page (roff) to stdout'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'s3sigdiag;help;explain'= {
        }
        &'s3sigdiag;help;sign'= {
        }
        &'s3sigdiag;help;rules'= {
        }
        &'s3sigdiag;help;rule'= {
        }
        &'s3sigdiag;help;completions'= {
        }
        &'s3sigdiag;help;man'= {
        }
        &'s3sigdiag;help;help'= {
        }
    ]
    $completions[$command]
}
