
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 's3sigdiag' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        's3sigdiag'
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
        's3sigdiag' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('explain', 'explain', [CompletionResultType]::ParameterValue, 'Diagnose a failed request from what you have (error body, request, canonical text)')
            [CompletionResult]::new('sign', 'sign', [CompletionResultType]::ParameterValue, 'Print the canonical request, string to sign and signature for a request')
            [CompletionResult]::new('rules', 'rules', [CompletionResultType]::ParameterValue, 'List every rule (cause) the diagnosis knows, grouped by category')
            [CompletionResult]::new('rule', 'rule', [CompletionResultType]::ParameterValue, 'Print the documentation of one rule (any case; `_` for `-`; suggests the nearest ids)')
            [CompletionResult]::new('replay', 'replay', [CompletionResultType]::ParameterValue, 'Sign a request (optionally with an emulated client bug), send it to a real S3 server and explain the answer')
            [CompletionResult]::new('probe', 'probe', [CompletionResultType]::ParameterValue, 'Find out how a server canonicalizes odd keys: a matrix of key shapes × encodings × header/presigned forms, accepted or rejected')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script to stdout')
            [CompletionResult]::new('man', 'man', [CompletionResultType]::ParameterValue, 'Print the man page (roff) of s3sigdiag or of one subcommand to stdout')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        's3sigdiag;explain' {
            [CompletionResult]::new('--request', '--request', [CompletionResultType]::ParameterName, 'The client''s side: a raw HTTP request or the client''s canonical request text')
            [CompletionResult]::new('--input-format', '--input-format', [CompletionResultType]::ParameterName, 'Skip detection and read every input as this format (see "Accepted inputs" in --help)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--now', '--now', [CompletionResultType]::ParameterName, 'Judge a presigned URL''s expiry as of this time instead of the system clock')
            [CompletionResult]::new('--secret-key-file', '--secret-key-file', [CompletionResultType]::ParameterName, 'Prove the cause with this secret key (first line of FILE; never printed)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Take the access key and secret from this profile of ~/.aws/credentials or ~/.aws/config')
            [CompletionResult]::new('--max-hypotheses', '--max-hypotheses', [CompletionResultType]::ParameterName, 'Stop the forensic search after this many hypotheses')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show everything checked, every diff line and every finding''s evidence')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show everything checked, every diff line and every finding''s evidence')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only the verdict line')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only the verdict line')
            [CompletionResult]::new('--all', '--all', [CompletionResultType]::ParameterName, 'Report every hypothesis that reproduces the signature, not just the first')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        's3sigdiag;sign' {
            [CompletionResult]::new('--method', '--method', [CompletionResultType]::ParameterName, 'The HTTP method')
            [CompletionResult]::new('--url', '--url', [CompletionResultType]::ParameterName, 'The full URL (`https://bucket.s3.amazonaws.com/key?query`)')
            [CompletionResult]::new('-H', '-H ', [CompletionResultType]::ParameterName, 'A header to send and sign, `Name: value` (repeatable; replaces a generated one)')
            [CompletionResult]::new('--header', '--header', [CompletionResultType]::ParameterName, 'A header to send and sign, `Name: value` (repeatable; replaces a generated one)')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'Region for the scope (default: AWS_REGION, the profile''s, or us-east-1)')
            [CompletionResult]::new('--service', '--service', [CompletionResultType]::ParameterName, 'Service for the scope (s3 also signs x-amz-content-sha256 and encodes the path as S3 does)')
            [CompletionResult]::new('--date', '--date', [CompletionResultType]::ParameterName, 'Request time `YYYYMMDDTHHMMSSZ` (default: -H x-amz-date, else now)')
            [CompletionResult]::new('--access-key', '--access-key', [CompletionResultType]::ParameterName, 'The access key id (default: AWS_ACCESS_KEY_ID, else the profile''s)')
            [CompletionResult]::new('--secret-key-file', '--secret-key-file', [CompletionResultType]::ParameterName, 'Read the secret key from this file (default: AWS_SECRET_ACCESS_KEY, else the profile''s)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'An AWS profile from ~/.aws/credentials or ~/.aws/config')
            [CompletionResult]::new('--payload-hash', '--payload-hash', [CompletionResultType]::ParameterName, 'Payload hash to sign (hex SHA-256, UNSIGNED-PAYLOAD, STREAMING-…)')
            [CompletionResult]::new('--body', '--body', [CompletionResultType]::ParameterName, 'Hash this file as the body')
            [CompletionResult]::new('--path-mode', '--path-mode', [CompletionResultType]::ParameterName, 'How the path becomes the canonical URI (default: s3 for service s3, else generic)')
            [CompletionResult]::new('--expires', '--expires', [CompletionResultType]::ParameterName, 'Lifetime of a presigned URL in seconds')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format: human (default) or json')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output')
            [CompletionResult]::new('--presign', '--presign', [CompletionResultType]::ParameterName, 'Produce a presigned URL instead of an Authorization header')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        's3sigdiag;rules' {
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format: human (default) or json (an array of {id, title, category, needs})')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        's3sigdiag;rule' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        's3sigdiag;replay' {
            [CompletionResult]::new('--endpoint', '--endpoint', [CompletionResultType]::ParameterName, 'The S3 endpoint, `http(s)://host[:port]` (default: AWS_ENDPOINT_URL_S3 or the profile''s endpoint_url)')
            [CompletionResult]::new('--bucket', '--bucket', [CompletionResultType]::ParameterName, 'The bucket (checked locally against S3''s naming rules before anything is sent)')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'Region for the scope (default: AWS_REGION, the profile, the endpoint''s, or us-east-1)')
            [CompletionResult]::new('--access-key', '--access-key', [CompletionResultType]::ParameterName, 'The access key id (default: AWS_ACCESS_KEY_ID, else the profile''s)')
            [CompletionResult]::new('--secret-key-file', '--secret-key-file', [CompletionResultType]::ParameterName, 'Read the secret key from this file (default: AWS_SECRET_ACCESS_KEY, else the profile''s)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'An AWS profile from ~/.aws/credentials or ~/.aws/config')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for connecting and for each answer')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format: human (default) or json (schema/replay.v1.json, schema/probe.v1.json)')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'The object key as you mean it (unencoded: `a==.json`, `my file.txt`)')
            [CompletionResult]::new('--method', '--method', [CompletionResultType]::ParameterName, 'GET, PUT, HEAD or DELETE (default: PUT with --body, else GET)')
            [CompletionResult]::new('--body', '--body', [CompletionResultType]::ParameterName, 'Send this file as the body')
            [CompletionResult]::new('-H', '-H ', [CompletionResultType]::ParameterName, 'A header to send and sign, `Name: value` (repeatable; replaces a generated one)')
            [CompletionResult]::new('--header', '--header', [CompletionResultType]::ParameterName, 'A header to send and sign, `Name: value` (repeatable; replaces a generated one)')
            [CompletionResult]::new('--expires', '--expires', [CompletionResultType]::ParameterName, 'Lifetime of the presigned URL in seconds')
            [CompletionResult]::new('--emulate', '--emulate', [CompletionResultType]::ParameterName, 'Reproduce a known client bug (repeatable); see the list below')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output')
            [CompletionResult]::new('--path-style', '--path-style', [CompletionResultType]::ParameterName, 'Address the bucket in the path: http://host/bucket/key (default except for *.amazonaws.com)')
            [CompletionResult]::new('--virtual-host', '--virtual-host', [CompletionResultType]::ParameterName, 'Address the bucket in the host name: http://bucket.host/key')
            [CompletionResult]::new('--insecure', '--insecure', [CompletionResultType]::ParameterName, 'Accept any TLS certificate (self-signed test servers only)')
            [CompletionResult]::new('--presign', '--presign', [CompletionResultType]::ParameterName, 'Sign as a presigned URL (query parameters) instead of an Authorization header')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Print the exact request that would be sent, and what was signed; send nothing')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        's3sigdiag;probe' {
            [CompletionResult]::new('--endpoint', '--endpoint', [CompletionResultType]::ParameterName, 'The S3 endpoint, `http(s)://host[:port]` (default: AWS_ENDPOINT_URL_S3 or the profile''s endpoint_url)')
            [CompletionResult]::new('--bucket', '--bucket', [CompletionResultType]::ParameterName, 'The bucket (checked locally against S3''s naming rules before anything is sent)')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'Region for the scope (default: AWS_REGION, the profile, the endpoint''s, or us-east-1)')
            [CompletionResult]::new('--access-key', '--access-key', [CompletionResultType]::ParameterName, 'The access key id (default: AWS_ACCESS_KEY_ID, else the profile''s)')
            [CompletionResult]::new('--secret-key-file', '--secret-key-file', [CompletionResultType]::ParameterName, 'Read the secret key from this file (default: AWS_SECRET_ACCESS_KEY, else the profile''s)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'An AWS profile from ~/.aws/credentials or ~/.aws/config')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for connecting and for each answer')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format: human (default) or json (schema/replay.v1.json, schema/probe.v1.json)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output')
            [CompletionResult]::new('--path-style', '--path-style', [CompletionResultType]::ParameterName, 'Address the bucket in the path: http://host/bucket/key (default except for *.amazonaws.com)')
            [CompletionResult]::new('--virtual-host', '--virtual-host', [CompletionResultType]::ParameterName, 'Address the bucket in the host name: http://bucket.host/key')
            [CompletionResult]::new('--insecure', '--insecure', [CompletionResultType]::ParameterName, 'Accept any TLS certificate (self-signed test servers only)')
            [CompletionResult]::new('--header-only', '--header-only', [CompletionResultType]::ParameterName, 'Only the header-signed form (skip presigned URLs)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        's3sigdiag;completions' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        's3sigdiag;man' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        's3sigdiag;help' {
            [CompletionResult]::new('explain', 'explain', [CompletionResultType]::ParameterValue, 'Diagnose a failed request from what you have (error body, request, canonical text)')
            [CompletionResult]::new('sign', 'sign', [CompletionResultType]::ParameterValue, 'Print the canonical request, string to sign and signature for a request')
            [CompletionResult]::new('rules', 'rules', [CompletionResultType]::ParameterValue, 'List every rule (cause) the diagnosis knows, grouped by category')
            [CompletionResult]::new('rule', 'rule', [CompletionResultType]::ParameterValue, 'Print the documentation of one rule (any case; `_` for `-`; suggests the nearest ids)')
            [CompletionResult]::new('replay', 'replay', [CompletionResultType]::ParameterValue, 'Sign a request (optionally with an emulated client bug), send it to a real S3 server and explain the answer')
            [CompletionResult]::new('probe', 'probe', [CompletionResultType]::ParameterValue, 'Find out how a server canonicalizes odd keys: a matrix of key shapes × encodings × header/presigned forms, accepted or rejected')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script to stdout')
            [CompletionResult]::new('man', 'man', [CompletionResultType]::ParameterValue, 'Print the man page (roff) of s3sigdiag or of one subcommand to stdout')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        's3sigdiag;help;explain' {
            break
        }
        's3sigdiag;help;sign' {
            break
        }
        's3sigdiag;help;rules' {
            break
        }
        's3sigdiag;help;rule' {
            break
        }
        's3sigdiag;help;replay' {
            break
        }
        's3sigdiag;help;probe' {
            break
        }
        's3sigdiag;help;completions' {
            break
        }
        's3sigdiag;help;man' {
            break
        }
        's3sigdiag;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
