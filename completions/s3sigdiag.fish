# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_s3sigdiag_global_optspecs
    string join \n color= h/help V/version
end

function __fish_s3sigdiag_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_s3sigdiag_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_s3sigdiag_using_subcommand
    set -l cmd (__fish_s3sigdiag_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c s3sigdiag -n "__fish_s3sigdiag_needs_command" -l color -d 'When to colour output' -r -f -a "auto\t''
always\t''
never\t''"
complete -c s3sigdiag -n "__fish_s3sigdiag_needs_command" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c s3sigdiag -n "__fish_s3sigdiag_needs_command" -s V -l version -d 'Print version'
complete -c s3sigdiag -n "__fish_s3sigdiag_needs_command" -f -a "explain" -d 'Diagnose a failed request from what you have (error body, request, canonical text)'
complete -c s3sigdiag -n "__fish_s3sigdiag_needs_command" -f -a "sign" -d 'Print the canonical request, string to sign and signature for a request'
complete -c s3sigdiag -n "__fish_s3sigdiag_needs_command" -f -a "rules" -d 'List every rule (cause) the diagnosis knows, grouped by category'
complete -c s3sigdiag -n "__fish_s3sigdiag_needs_command" -f -a "rule" -d 'Print the documentation of one rule (any case; `_` for `-`; suggests the nearest ids)'
complete -c s3sigdiag -n "__fish_s3sigdiag_needs_command" -f -a "replay" -d 'Sign a request (optionally with an emulated client bug), send it to a real S3 server and explain the answer'
complete -c s3sigdiag -n "__fish_s3sigdiag_needs_command" -f -a "probe" -d 'Find out how a server canonicalizes odd keys: a matrix of key shapes × encodings × header/presigned forms, accepted or rejected'
complete -c s3sigdiag -n "__fish_s3sigdiag_needs_command" -f -a "completions" -d 'Print a shell completion script to stdout'
complete -c s3sigdiag -n "__fish_s3sigdiag_needs_command" -f -a "man" -d 'Print the man page (roff) of s3sigdiag or of one subcommand to stdout'
complete -c s3sigdiag -n "__fish_s3sigdiag_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c s3sigdiag -n "__fish_s3sigdiag_using_subcommand explain" -l request -d 'The client\'s side: a raw HTTP request or the client\'s canonical request text' -r
complete -c s3sigdiag -n "__fish_s3sigdiag_using_subcommand explain" -l input-format -d 'Skip detection and read every input as this format (see "Accepted inputs" in --help)' -r -f -a "error-xml\t'An S3 error response body (`<Error><Code>…`), with or without HTTP headers around it; also pasted forms: a Python `b\'…\'` repr, HTML-escaped, flattened'
http\t'A raw HTTP/1.1 request as a proxy or `nc -l` records it'
http-response\t'A raw HTTP response (status line, headers, body), e.g. from `curl -i` or a proxy'
canonical\t'A bare canonical request and/or string to sign copied from a log'
curl-verbose\t'`curl -v` output (`> ` request, `< ` response, `* ` info, body)'
curl-trace\t'`curl --trace-ascii` output'
curl-command\t'A curl command line (browser "Copy as cURL", bash or Windows cmd quoting)'
botocore-log\t'A botocore / boto3 / AWS CLI `--debug` log'
sdk-log\t'Another client\'s debug log that prints its canonical request (aws-sdk-go v1/v2, aws-sdk-java, Rust aws-sigv4, s3cmd)'
server-log\t'A server\'s own trace of the request: MinIO `mc admin trace -v`, a Garage debug log, a Ceph RGW debug log'
har\t'A browser\'s HAR export (HTTP Archive JSON)'
presigned-url\t'A presigned URL (`https://…?X-Amz-Signature=…`)'
js-error\t'An AWS SDK for JavaScript error as Node prints it: `console.log(err)`, an uncaught rejection, `JSON.stringify(err)`; also the v3 `logger: console` records and the v2 `[AWS s3 403 …] putObject({…})` logger line'
error-message\t'A one-line error message without XML (`AuthorizationHeaderMalformed: … the region \'X\' is wrong; expecting \'Y\'`, an SDK exception text)'
scan\t'Any other text: prose, a stack trace, a log, a chat paste. The artifact scanner finds error bodies or messages, request/response dumps, presigned URLs and canonical requests wherever they sit. Used by itself when no other format matches'"
complete -c s3sigdiag -n "__fish_s3sigdiag_using_subcommand explain" -l format -d 'Output format' -r -f -a "human\t'For a terminal: the answer, its evidence, its fix, the diff'
json\t'The report as JSON, described by schema/report.v1.json'
github\t'GitHub Actions workflow commands (`::error …`) and a job summary'
junit\t'A JUnit XML test suite: one testcase per rule'"
complete -c s3sigdiag -n "__fish_s3sigdiag_using_subcommand explain" -l now -d 'Judge a presigned URL\'s expiry as of this time instead of the system clock' -r
complete -c s3sigdiag -n "__fish_s3sigdiag_using_subcommand explain" -l secret-key-file -d 'Prove the cause with this secret key (first line of FILE; never printed)' -r -F
complete -c s3sigdiag -n "__fish_s3sigdiag_using_subcommand explain" -l profile -d 'Take the access key and secret from this profile of ~/.aws/credentials or ~/.aws/config' -r
complete -c s3sigdiag -n "__fish_s3sigdiag_using_subcommand explain" -l max-hypotheses -d 'Stop the forensic search after this many hypotheses' -r
complete -c s3sigdiag -n "__fish_s3sigdiag_using_subcommand explain" -l color -d 'When to colour output' -r -f -a "auto\t''
always\t''
never\t''"
complete -c s3sigdiag -n "__fish_s3sigdiag_using_subcommand explain" -s v -l verbose -d 'Show everything checked, every diff line and every finding\'s evidence'
complete -c s3sigdiag -n "__fish_s3sigdiag_using_subcommand explain" -s q -l quiet -d 'Print only the verdict line'
complete -c s3sigdiag -n "__fish_s3sigdiag_using_subcommand explain" -l all -d 'Report every hypothesis that reproduces the signature, not just the first'
complete -c s3sigdiag -n "__fish_s3sigdiag_using_subcommand explain" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c s3sigdiag -n "__fish_s3sigdiag_using_subcommand sign" -l method -d 'The HTTP method' -r
complete -c s3sigdiag -n "__fish_s3sigdiag_using_subcommand sign" -l url -d 'The full URL (`https://bucket.s3.amazonaws.com/key?query`)' -r
complete -c s3sigdiag -n "__fish_s3sigdiag_using_subcommand sign" -s H -l header -d 'A header to send and sign, `Name: value` (repeatable; replaces a generated one)' -r
complete -c s3sigdiag -n "__fish_s3sigdiag_using_subcommand sign" -l region -d 'Region for the scope (default: AWS_REGION, the profile\'s, or us-east-1)' -r
complete -c s3sigdiag -n "__fish_s3sigdiag_using_subcommand sign" -l service -d 'Service for the scope (s3 also signs x-amz-content-sha256 and encodes the path as S3 does)' -r
complete -c s3sigdiag -n "__fish_s3sigdiag_using_subcommand sign" -l date -d 'Request time `YYYYMMDDTHHMMSSZ` (default: -H x-amz-date, else now)' -r
complete -c s3sigdiag -n "__fish_s3sigdiag_using_subcommand sign" -l access-key -d 'The access key id (default: AWS_ACCESS_KEY_ID, else the profile\'s)' -r
complete -c s3sigdiag -n "__fish_s3sigdiag_using_subcommand sign" -l secret-key-file -d 'Read the secret key from this file (default: AWS_SECRET_ACCESS_KEY, else the profile\'s)' -r -F
complete -c s3sigdiag -n "__fish_s3sigdiag_using_subcommand sign" -l profile -d 'An AWS profile from ~/.aws/credentials or ~/.aws/config' -r
complete -c s3sigdiag -n "__fish_s3sigdiag_using_subcommand sign" -l payload-hash -d 'Payload hash to sign (hex SHA-256, UNSIGNED-PAYLOAD, STREAMING-…)' -r
complete -c s3sigdiag -n "__fish_s3sigdiag_using_subcommand sign" -l body -d 'Hash this file as the body' -r -F
complete -c s3sigdiag -n "__fish_s3sigdiag_using_subcommand sign" -l path-mode -d 'How the path becomes the canonical URI (default: s3 for service s3, else generic)' -r -f -a "s3\t'S3: decode the path, encode each segment once, no normalization'
as-given\t'Sign the path exactly as written in the URL'
generic\t'Other AWS services: normalize, then encode again'"
complete -c s3sigdiag -n "__fish_s3sigdiag_using_subcommand sign" -l expires -d 'Lifetime of a presigned URL in seconds' -r
complete -c s3sigdiag -n "__fish_s3sigdiag_using_subcommand sign" -l format -d 'Output format: human (default) or json' -r -f -a "human\t''
json\t''"
complete -c s3sigdiag -n "__fish_s3sigdiag_using_subcommand sign" -l color -d 'When to colour output' -r -f -a "auto\t''
always\t''
never\t''"
complete -c s3sigdiag -n "__fish_s3sigdiag_using_subcommand sign" -l presign -d 'Produce a presigned URL instead of an Authorization header'
complete -c s3sigdiag -n "__fish_s3sigdiag_using_subcommand sign" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c s3sigdiag -n "__fish_s3sigdiag_using_subcommand rules" -l format -d 'Output format: human (default) or json (an array of {id, title, category, needs})' -r -f -a "human\t''
json\t''"
complete -c s3sigdiag -n "__fish_s3sigdiag_using_subcommand rules" -l color -d 'When to colour output' -r -f -a "auto\t''
always\t''
never\t''"
complete -c s3sigdiag -n "__fish_s3sigdiag_using_subcommand rules" -s h -l help -d 'Print help'
complete -c s3sigdiag -n "__fish_s3sigdiag_using_subcommand rule" -l color -d 'When to colour output' -r -f -a "auto\t''
always\t''
never\t''"
complete -c s3sigdiag -n "__fish_s3sigdiag_using_subcommand rule" -s h -l help -d 'Print help'
complete -c s3sigdiag -n "__fish_s3sigdiag_using_subcommand replay" -l endpoint -d 'The S3 endpoint, `http(s)://host[:port]` (default: AWS_ENDPOINT_URL_S3 or the profile\'s endpoint_url)' -r
complete -c s3sigdiag -n "__fish_s3sigdiag_using_subcommand replay" -l bucket -d 'The bucket (checked locally against S3\'s naming rules before anything is sent)' -r
complete -c s3sigdiag -n "__fish_s3sigdiag_using_subcommand replay" -l region -d 'Region for the scope (default: AWS_REGION, the profile, the endpoint\'s, or us-east-1)' -r
complete -c s3sigdiag -n "__fish_s3sigdiag_using_subcommand replay" -l access-key -d 'The access key id (default: AWS_ACCESS_KEY_ID, else the profile\'s)' -r
complete -c s3sigdiag -n "__fish_s3sigdiag_using_subcommand replay" -l secret-key-file -d 'Read the secret key from this file (default: AWS_SECRET_ACCESS_KEY, else the profile\'s)' -r -F
complete -c s3sigdiag -n "__fish_s3sigdiag_using_subcommand replay" -l profile -d 'An AWS profile from ~/.aws/credentials or ~/.aws/config' -r
complete -c s3sigdiag -n "__fish_s3sigdiag_using_subcommand replay" -l timeout -d 'Seconds to wait for connecting and for each answer' -r
complete -c s3sigdiag -n "__fish_s3sigdiag_using_subcommand replay" -l format -d 'Output format: human (default) or json (schema/replay.v1.json, schema/probe.v1.json)' -r -f -a "human\t''
json\t''"
complete -c s3sigdiag -n "__fish_s3sigdiag_using_subcommand replay" -l key -d 'The object key as you mean it (unencoded: `a==.json`, `my file.txt`)' -r
complete -c s3sigdiag -n "__fish_s3sigdiag_using_subcommand replay" -l method -d 'GET, PUT, HEAD or DELETE (default: PUT with --body, else GET)' -r -f -a "GET\t''
PUT\t''
HEAD\t''
DELETE\t''"
complete -c s3sigdiag -n "__fish_s3sigdiag_using_subcommand replay" -l body -d 'Send this file as the body' -r -F
complete -c s3sigdiag -n "__fish_s3sigdiag_using_subcommand replay" -s H -l header -d 'A header to send and sign, `Name: value` (repeatable; replaces a generated one)' -r
complete -c s3sigdiag -n "__fish_s3sigdiag_using_subcommand replay" -l expires -d 'Lifetime of the presigned URL in seconds' -r
complete -c s3sigdiag -n "__fish_s3sigdiag_using_subcommand replay" -l emulate -d 'Reproduce a known client bug (repeatable); see the list below' -r
complete -c s3sigdiag -n "__fish_s3sigdiag_using_subcommand replay" -l color -d 'When to colour output' -r -f -a "auto\t''
always\t''
never\t''"
complete -c s3sigdiag -n "__fish_s3sigdiag_using_subcommand replay" -l path-style -d 'Address the bucket in the path: http://host/bucket/key (default except for *.amazonaws.com)'
complete -c s3sigdiag -n "__fish_s3sigdiag_using_subcommand replay" -l virtual-host -d 'Address the bucket in the host name: http://bucket.host/key'
complete -c s3sigdiag -n "__fish_s3sigdiag_using_subcommand replay" -l insecure -d 'Accept any TLS certificate (self-signed test servers only)'
complete -c s3sigdiag -n "__fish_s3sigdiag_using_subcommand replay" -l presign -d 'Sign as a presigned URL (query parameters) instead of an Authorization header'
complete -c s3sigdiag -n "__fish_s3sigdiag_using_subcommand replay" -l dry-run -d 'Print the exact request that would be sent, and what was signed; send nothing'
complete -c s3sigdiag -n "__fish_s3sigdiag_using_subcommand replay" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c s3sigdiag -n "__fish_s3sigdiag_using_subcommand probe" -l endpoint -d 'The S3 endpoint, `http(s)://host[:port]` (default: AWS_ENDPOINT_URL_S3 or the profile\'s endpoint_url)' -r
complete -c s3sigdiag -n "__fish_s3sigdiag_using_subcommand probe" -l bucket -d 'The bucket (checked locally against S3\'s naming rules before anything is sent)' -r
complete -c s3sigdiag -n "__fish_s3sigdiag_using_subcommand probe" -l region -d 'Region for the scope (default: AWS_REGION, the profile, the endpoint\'s, or us-east-1)' -r
complete -c s3sigdiag -n "__fish_s3sigdiag_using_subcommand probe" -l access-key -d 'The access key id (default: AWS_ACCESS_KEY_ID, else the profile\'s)' -r
complete -c s3sigdiag -n "__fish_s3sigdiag_using_subcommand probe" -l secret-key-file -d 'Read the secret key from this file (default: AWS_SECRET_ACCESS_KEY, else the profile\'s)' -r -F
complete -c s3sigdiag -n "__fish_s3sigdiag_using_subcommand probe" -l profile -d 'An AWS profile from ~/.aws/credentials or ~/.aws/config' -r
complete -c s3sigdiag -n "__fish_s3sigdiag_using_subcommand probe" -l timeout -d 'Seconds to wait for connecting and for each answer' -r
complete -c s3sigdiag -n "__fish_s3sigdiag_using_subcommand probe" -l format -d 'Output format: human (default) or json (schema/replay.v1.json, schema/probe.v1.json)' -r -f -a "human\t''
json\t''"
complete -c s3sigdiag -n "__fish_s3sigdiag_using_subcommand probe" -l color -d 'When to colour output' -r -f -a "auto\t''
always\t''
never\t''"
complete -c s3sigdiag -n "__fish_s3sigdiag_using_subcommand probe" -l path-style -d 'Address the bucket in the path: http://host/bucket/key (default except for *.amazonaws.com)'
complete -c s3sigdiag -n "__fish_s3sigdiag_using_subcommand probe" -l virtual-host -d 'Address the bucket in the host name: http://bucket.host/key'
complete -c s3sigdiag -n "__fish_s3sigdiag_using_subcommand probe" -l insecure -d 'Accept any TLS certificate (self-signed test servers only)'
complete -c s3sigdiag -n "__fish_s3sigdiag_using_subcommand probe" -l header-only -d 'Only the header-signed form (skip presigned URLs)'
complete -c s3sigdiag -n "__fish_s3sigdiag_using_subcommand probe" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c s3sigdiag -n "__fish_s3sigdiag_using_subcommand completions" -l color -d 'When to colour output' -r -f -a "auto\t''
always\t''
never\t''"
complete -c s3sigdiag -n "__fish_s3sigdiag_using_subcommand completions" -s h -l help -d 'Print help'
complete -c s3sigdiag -n "__fish_s3sigdiag_using_subcommand man" -l color -d 'When to colour output' -r -f -a "auto\t''
always\t''
never\t''"
complete -c s3sigdiag -n "__fish_s3sigdiag_using_subcommand man" -s h -l help -d 'Print help'
complete -c s3sigdiag -n "__fish_s3sigdiag_using_subcommand help; and not __fish_seen_subcommand_from explain sign rules rule replay probe completions man help" -f -a "explain" -d 'Diagnose a failed request from what you have (error body, request, canonical text)'
complete -c s3sigdiag -n "__fish_s3sigdiag_using_subcommand help; and not __fish_seen_subcommand_from explain sign rules rule replay probe completions man help" -f -a "sign" -d 'Print the canonical request, string to sign and signature for a request'
complete -c s3sigdiag -n "__fish_s3sigdiag_using_subcommand help; and not __fish_seen_subcommand_from explain sign rules rule replay probe completions man help" -f -a "rules" -d 'List every rule (cause) the diagnosis knows, grouped by category'
complete -c s3sigdiag -n "__fish_s3sigdiag_using_subcommand help; and not __fish_seen_subcommand_from explain sign rules rule replay probe completions man help" -f -a "rule" -d 'Print the documentation of one rule (any case; `_` for `-`; suggests the nearest ids)'
complete -c s3sigdiag -n "__fish_s3sigdiag_using_subcommand help; and not __fish_seen_subcommand_from explain sign rules rule replay probe completions man help" -f -a "replay" -d 'Sign a request (optionally with an emulated client bug), send it to a real S3 server and explain the answer'
complete -c s3sigdiag -n "__fish_s3sigdiag_using_subcommand help; and not __fish_seen_subcommand_from explain sign rules rule replay probe completions man help" -f -a "probe" -d 'Find out how a server canonicalizes odd keys: a matrix of key shapes × encodings × header/presigned forms, accepted or rejected'
complete -c s3sigdiag -n "__fish_s3sigdiag_using_subcommand help; and not __fish_seen_subcommand_from explain sign rules rule replay probe completions man help" -f -a "completions" -d 'Print a shell completion script to stdout'
complete -c s3sigdiag -n "__fish_s3sigdiag_using_subcommand help; and not __fish_seen_subcommand_from explain sign rules rule replay probe completions man help" -f -a "man" -d 'Print the man page (roff) of s3sigdiag or of one subcommand to stdout'
complete -c s3sigdiag -n "__fish_s3sigdiag_using_subcommand help; and not __fish_seen_subcommand_from explain sign rules rule replay probe completions man help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
