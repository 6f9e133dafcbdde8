package main

// The explanations that go with the figures: why they are what they are. Kept apart from the code that
// formats the figures so that they are easy to review when the numbers change. They were written from
// the runs recorded in BENCHMARKS.md and from a system-wide `perf record` of the throughput apply.

const benchNotes = "The machine is a 2-CPU virtual machine shared with other work (compilers and test runs of other " +
	"branches were running during the measurements), so wall times carry noise of some tens of percent; the request " +
	"counts are exact and did not vary between runs."

const refreshNotes = "Where the plan time goes: Terraform itself (graph walk, state decoding, the plan's diff) and the " +
	"plugin framework's per-resource work (schema-driven conversion of state and plan, plan modifiers), both CPU bound " +
	"on 2 CPUs. The lakeFS calls are a small part: the request window above is the whole time from the first to the last " +
	"refresh call, during which Terraform is also busy. A `terraform_data` resource costs Terraform much less than a " +
	"provider resource (no plugin RPCs, no schema of its own), which is why the ratio sits well above 1; what matters " +
	"for the goal is that it does not grow with N."

const throughputNotes = "Cause of the gap: CPU, not latency. The creates are limited by CPU on this 2-CPU machine, " +
	"where Terraform, the provider plugin and the test server (and other work) share both CPUs. " +
	"A `perf record` of the apply attributed about 41% of the CPU samples to Terraform (graph walk, state deep copies " +
	"and its JSON state serialisation), 28% to the provider process and 5% to the test server (the rest to other " +
	"work on the machine). Within the provider, about a quarter is the plugin SDK's own logging (by default " +
	"terraform-plugin-go writes its SDK log lines at trace level, as JSON, to Terraform, which parses and filters " +
	"them), most of the rest " +
	"the framework's plan and apply machinery (validation, plan modifiers, tftypes conversion); the provider's own code " +
	"(the client and the create reconciliation) is under a fifth of it.\n\n" +
	"Requests per create are 3: the pull request resource lists the open pull requests before it creates one " +
	"(`listPullRequests`; it must know which matching pull requests already existed to adopt, never duplicate, a " +
	"create whose outcome was lost to a reset, because lakeFS does not deduplicate pull requests), then " +
	"`createPullRequest`, then `getPullRequest` (the create answers only the id; author and creation date come from " +
	"the read). The listing reads every open pull request of the repository, 1000 per call, so in a repository with " +
	"thousands of open pull requests every create pays one extra request per thousand of them; a reconciliation " +
	"that lists only after an unknown outcome (using the server's clock to tell new from old) would bring a create to " +
	"2 requests. Not changed here: it is the pull request resource's duplicate-safety design, tested by " +
	"outcome_unknown_resource_test.go."

const uploadNotes = "Where the apply time goes: most of it is not the upload. Terraform's `apply` plans, then " +
	"plans again in the apply phase (a new provider process), and the create hashes the file once more to record " +
	"what it actually sent (the file may have changed since the plan): three full reads with SHA-256 (what the " +
	"provider records) and MD5 (lakeFS's checksum), measured at about 390 MB/s for the pair on this machine, i.e. " +
	"about 2.7 s per GiB each time. Computing the two hashes in two goroutines was tried and measured no faster " +
	"here (MD5 dominates, SHA-256 runs on the CPU's SHA extensions, and the second CPU was busy), so it was not " +
	"kept. The request window is the upload itself.\n\n" +
	"Multipart against plain: the test server's \"object store\" (the presigned part URLs) and its lakeFS API are the " +
	"same process on loopback writing to the same disk, so parallel parts buy little here; both paths are bounded by " +
	"this machine's CPU (MD5 on the server, copies) and disk. Against S3 the parts go to S3 in parallel, straight from " +
	"the provider, while the plain path streams every byte through the lakeFS server.\n\n" +
	"Peak RSS stays flat as the file grows: both paths stream from the file; multipart reads " +
	"each part from its section of the file into its PUT, so nothing like the object is ever held in memory.\n\n" +
	"Requests: the upload itself is the parts plus 2 lakeFS calls (`createPresignMultipartUpload`, " +
	"`completePresignMultipartUpload`). Around it the resource makes 3 more: `getConfig` once per provider process " +
	"(does the server offer presigned multipart?), a `statObject` before the upload because presigned multipart has " +
	"no If-None-Match (a create must not overwrite an object it does not own), and a `statObject` after it because " +
	"completing answers a relative physical address. The plain path is one `uploadObject` (with If-None-Match), " +
	"whose answer is the stored stats."

// The notes of figures 6 and 7 say what the figures can and cannot show; those printed under a goal that is not
// met name what the figures point at. They were written from runs at small N (N=20, one run each) on the busy
// machine, not from the full figures: check them against the figures when they change.

const remoteConnNotes = "Where new connections come from: each provider process has its own pool (`terraform apply` starts " +
	"one for its plan and one for its apply), and a request that finds no idle connection in it opens one. Over TLS " +
	"with HTTP/2, Go's transport (net/http negotiating HTTP/2 on a connection it dialled for HTTP/1.1) dials a new TLS " +
	"connection for every request that arrives while the first handshake is still under way, and once HTTP/2 is " +
	"negotiated keeps one and closes the others: the figure in brackets is the connections that carried requests. " +
	"Either is the provider's client (internal/client), not the benchmark."

const remoteRatioNotes = "What the bound leaves out: the connection delays (a new connection waits one delay before " +
	"its first request, two over TLS), and the tail of the walk, when fewer than `parallelism` resources are left " +
	"and each still makes its requests one after another (a pull request create: one round trip per request, in a " +
	"row). Both are constant in N, so they weigh most at small N; a ratio that grows with N points at requests that " +
	"wait for each other (a lock, a pool too small, a server that serialises), one that shrinks at the constants."

const remotePullNotes = "The pull request resource lists the open pull requests only after a create whose answer was " +
	"lost (`listPullRequests`, to find the pull request that create made, told from older identical ones by the " +
	"creation second in its id): a listing here means answers were lost on the way, each costing a round trip more."

const remoteNotes = "What the proxy does not model: bandwidth (except for figure 7's optional window), packet loss " +
	"and retransmission, TLS 1.2's second handshake round trip (Go negotiates TLS 1.3), and TLS session resumption " +
	"across provider processes (each process starts with an empty session cache, so every handshake is a full one). " +
	"The proxy's own connections to lakeFS are kept alive and not counted. Real lakeFS runs with the local blockstore " +
	"(`scripts/lakefs.sh up DIR local`), with its own KV store on this machine's disk. " +
	"`-remote-targets double,lakefs` measures both; `-remote-sizes`, `-remote-delays`, `-remote-transports` and " +
	"`-remote-parallelism` change the grid."

const remoteUploadNotes = "Only against the test server: real lakeFS with the local blockstore offers no presigned " +
	"multipart upload, and with the s3 blockstore (gofakes3) its part URLs would name gofakes3 itself, around the " +
	"proxy. Peak RSS: both paths stream from the file (multipart reads each part from its section of the file into " +
	"its PUT), so the provider never holds anything like the object in memory, and the delay does not change that."

// cpuNotes explains figure 8. Written from pprof CPU profiles of the provider (a build of this tree that writes one
// per process) during the 1000-resource plan and the 300-resource apply, before the logging change.
const cpuNotes = "Where the provider's CPU went before (pprof, both commands alike): 29% formatting log lines nobody " +
	"reads: terraform-plugin-go and the framework log every RPC and every schema walk at trace level as JSON through " +
	"the plugin's stderr unless `TF_LOG_SDK*` say otherwise, and Terraform, which shows provider lines only up to " +
	"`TF_LOG_PROVIDER` or `TF_LOG` (none when unset), parsed and dropped them. The provider now sets each of " +
	"`TF_LOG_SDK`, `TF_LOG_SDK_PROTO`, `TF_LOG_SDK_FRAMEWORK` and `TF_LOG_PROVIDER_LAKEFS` that the user left unset " +
	"to the level Terraform shows (off without `TF_LOG`), so nothing that was visible is lost, and the client skips " +
	"its per-request subsystem logger and fields when its level is off. The rest is the plugin framework's " +
	"per-resource machinery (tftypes transforms and attribute-path walks for plan modifiers, semantic equality, " +
	"state conversion: about 45%) and the garbage collector (about 17%); the provider's own code (decoding into its " +
	"models, the client, Read and Create) is under 10%. Terraform's own CPU fell too: it no longer reads, parses and " +
	"drops those lines; the rest of it (graph walk, state copies and JSON) is not ours to cut. The apply's requests " +
	"fell from 500 to 400: the pull request create lost its pre-create listing."
