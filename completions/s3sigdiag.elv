
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
            cand rule 'Print the documentation of one rule (any case; `_` for `-`; suggests the nearest ids)'
            cand replay 'Sign a request (optionally with an emulated client bug), send it to a real S3 server and explain the answer'
            cand probe 'Find out how a server canonicalizes odd keys: a matrix of key shapes × encodings × header/presigned forms, accepted or rejected'
            cand completions 'Print a shell completion script to stdout'
            cand man 'Print the man page (roff) of s3sigdiag or of one subcommand to stdout'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'s3sigdiag;explain'= {
            cand --request 'The client''s side: a raw HTTP request or the client''s canonical request text'
            cand --input-format 'Skip detection and read every input as this format (see "Accepted inputs" in --help)'
            cand --format 'Output format'
            cand --now 'Judge a presigned URL''s expiry as of this time instead of the system clock'
            cand --secret-key-file 'Prove the cause with this secret key (first line of FILE; never printed)'
            cand --profile 'Take the access key and secret from this profile of ~/.aws/credentials or ~/.aws/config'
            cand --max-hypotheses 'Stop the forensic search after this many hypotheses'
            cand --color 'When to colour output'
            cand -v 'Show everything checked, every diff line and every finding''s evidence'
            cand --verbose 'Show everything checked, every diff line and every finding''s evidence'
            cand -q 'Print only the verdict line'
            cand --quiet 'Print only the verdict line'
            cand --all 'Report every hypothesis that reproduces the signature, not just the first'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'s3sigdiag;sign'= {
            cand --method 'The HTTP method'
            cand --url 'The full URL (`https://bucket.s3.amazonaws.com/key?query`)'
            cand -H 'A header to send and sign, `Name: value` (repeatable; replaces a generated one)'
            cand --header 'A header to send and sign, `Name: value` (repeatable; replaces a generated one)'
            cand --region 'Region for the scope (default: AWS_REGION, the profile''s, or us-east-1)'
            cand --service 'Service for the scope (s3 also signs x-amz-content-sha256 and encodes the path as S3 does)'
            cand --date 'Request time `YYYYMMDDTHHMMSSZ` (default: -H x-amz-date, else now)'
            cand --access-key 'The access key id (default: AWS_ACCESS_KEY_ID, else the profile''s)'
            cand --secret-key-file 'Read the secret key from this file (default: AWS_SECRET_ACCESS_KEY, else the profile''s)'
            cand --profile 'An AWS profile from ~/.aws/credentials or ~/.aws/config'
            cand --payload-hash 'Payload hash to sign (hex SHA-256, UNSIGNED-PAYLOAD, STREAMING-…)'
            cand --body 'Hash this file as the body'
            cand --path-mode 'How the path becomes the canonical URI (default: s3 for service s3, else generic)'
            cand --expires 'Lifetime of a presigned URL in seconds'
            cand --format 'Output format: human (default) or json'
            cand --color 'When to colour output'
            cand --presign 'Produce a presigned URL instead of an Authorization header'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'s3sigdiag;rules'= {
            cand --format 'Output format: human (default) or json (an array of {id, title, category, needs})'
            cand --color 'When to colour output'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'s3sigdiag;rule'= {
            cand --color 'When to colour output'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'s3sigdiag;replay'= {
            cand --endpoint 'The S3 endpoint, `http(s)://host[:port]` (default: AWS_ENDPOINT_URL_S3 or the profile''s endpoint_url)'
            cand --bucket 'The bucket (checked locally against S3''s naming rules before anything is sent)'
            cand --region 'Region for the scope (default: AWS_REGION, the profile, the endpoint''s, or us-east-1)'
            cand --access-key 'The access key id (default: AWS_ACCESS_KEY_ID, else the profile''s)'
            cand --secret-key-file 'Read the secret key from this file (default: AWS_SECRET_ACCESS_KEY, else the profile''s)'
            cand --profile 'An AWS profile from ~/.aws/credentials or ~/.aws/config'
            cand --timeout 'Seconds to wait for connecting and for each answer'
            cand --format 'Output format: human (default) or json (schema/replay.v1.json, schema/probe.v1.json)'
            cand --key 'The object key as you mean it (unencoded: `a==.json`, `my file.txt`)'
            cand --method 'GET, PUT, HEAD or DELETE (default: PUT with --body, else GET)'
            cand --body 'Send this file as the body'
            cand -H 'A header to send and sign, `Name: value` (repeatable; replaces a generated one)'
            cand --header 'A header to send and sign, `Name: value` (repeatable; replaces a generated one)'
            cand --expires 'Lifetime of the presigned URL in seconds'
            cand --emulate 'Reproduce a known client bug (repeatable); see the list below'
            cand --color 'When to colour output'
            cand --path-style 'Address the bucket in the path: http://host/bucket/key (default except for *.amazonaws.com)'
            cand --virtual-host 'Address the bucket in the host name: http://bucket.host/key'
            cand --insecure 'Accept any TLS certificate (self-signed test servers only)'
            cand --presign 'Sign as a presigned URL (query parameters) instead of an Authorization header'
            cand --dry-run 'Print the exact request that would be sent, and what was signed; send nothing'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'s3sigdiag;probe'= {
            cand --endpoint 'The S3 endpoint, `http(s)://host[:port]` (default: AWS_ENDPOINT_URL_S3 or the profile''s endpoint_url)'
            cand --bucket 'The bucket (checked locally against S3''s naming rules before anything is sent)'
            cand --region 'Region for the scope (default: AWS_REGION, the profile, the endpoint''s, or us-east-1)'
            cand --access-key 'The access key id (default: AWS_ACCESS_KEY_ID, else the profile''s)'
            cand --secret-key-file 'Read the secret key from this file (default: AWS_SECRET_ACCESS_KEY, else the profile''s)'
            cand --profile 'An AWS profile from ~/.aws/credentials or ~/.aws/config'
            cand --timeout 'Seconds to wait for connecting and for each answer'
            cand --format 'Output format: human (default) or json (schema/replay.v1.json, schema/probe.v1.json)'
            cand --color 'When to colour output'
            cand --path-style 'Address the bucket in the path: http://host/bucket/key (default except for *.amazonaws.com)'
            cand --virtual-host 'Address the bucket in the host name: http://bucket.host/key'
            cand --insecure 'Accept any TLS certificate (self-signed test servers only)'
            cand --header-only 'Only the header-signed form (skip presigned URLs)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
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
            cand rule 'Print the documentation of one rule (any case; `_` for `-`; suggests the nearest ids)'
            cand replay 'Sign a request (optionally with an emulated client bug), send it to a real S3 server and explain the answer'
            cand probe 'Find out how a server canonicalizes odd keys: a matrix of key shapes × encodings × header/presigned forms, accepted or rejected'
            cand completions 'Print a shell completion script to stdout'
            cand man 'Print the man page (roff) of s3sigdiag or of one subcommand to stdout'
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
        &'s3sigdiag;help;replay'= {
        }
        &'s3sigdiag;help;probe'= {
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
