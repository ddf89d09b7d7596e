-- Data of the meterflow schema (data only; schema from the migrations)
-- meterflow schema version: 7

COPY meterflow.generations ("generation", "created_at", "note") FROM stdin;
1	2026-12-01 14:39:34.073469+00	created by migration V1
\.

COPY meterflow.active_generation ("generation") FROM stdin;
1
\.

COPY meterflow.api_keys ("id", "name", "scope", "key_hash", "subject", "meters", "created_at", "expires_at", "revoked_at") FROM stdin;
\.

COPY meterflow.commit_fence ("generation", "lineage", "restored_checkpoint", "sequence", "subtask", "committed_at") FROM stdin;
1	da78fabe-98d1-4497-bf1f-783531efb9ef	0	1	0	2026-12-01 14:39:40.50656+00
1	da78fabe-98d1-4497-bf1f-783531efb9ef	0	1	1	2026-12-01 14:39:40.537594+00
1	da78fabe-98d1-4497-bf1f-783531efb9ef	0	2	0	2026-12-01 14:39:41.204471+00
1	da78fabe-98d1-4497-bf1f-783531efb9ef	0	2	1	2026-12-01 14:39:41.210166+00
\.

COPY meterflow.meter_ordinals ("slug", "ordinal", "assigned_at") FROM stdin;
active_users	0	2026-12-01 14:39:34.639173+00
api_requests	1	2026-12-01 14:39:34.639173+00
latency_avg	2	2026-12-01 14:39:34.639173+00
latency_max	3	2026-12-01 14:39:34.639173+00
latency_min	4	2026-12-01 14:39:34.639173+00
llm_calls	5	2026-12-01 14:39:34.639173+00
llm_tokens	6	2026-12-01 14:39:34.639173+00
storage_bytes	7	2026-12-01 14:39:34.639173+00
\.

COPY meterflow.meters ("generation", "slug", "event_type", "aggregation", "window_size", "group_by", "value_property", "updated_at") FROM stdin;
1	llm_tokens	llm.completion	SUM	MINUTE	{model,region}	$.usage.total_tokens	2026-12-01 14:39:34.612775+00
1	llm_calls	llm.completion	COUNT	HOUR	{model}	\N	2026-12-01 14:39:34.612775+00
1	api_requests	api.request	COUNT	MINUTE	{route}	\N	2026-12-01 14:39:34.612775+00
1	active_users	api.request	UNIQUE_COUNT	DAY	{}	$.user	2026-12-01 14:39:34.612775+00
1	latency_avg	api.request	AVG	MINUTE	{route}	$.latency_ms	2026-12-01 14:39:34.612775+00
1	latency_min	api.request	MIN	HOUR	{}	$.latency_ms	2026-12-01 14:39:34.612775+00
1	latency_max	api.request	MAX	HOUR	{}	$.latency_ms	2026-12-01 14:39:34.612775+00
1	storage_bytes	storage.snapshot	LATEST	HOUR	{}	$.bytes	2026-12-01 14:39:34.612775+00
\.

COPY meterflow.pipeline_counters ("generation", "meter", "counter", "subtask", "value") FROM stdin;
1		events_read	1	179
1		events_rejected	1	8
1		events_unmatched	1	9
1		events_metered	1	162
1	active_users	counted	1	62
1	active_users	duplicates	1	14
1	api_requests	counted	1	62
1	api_requests	duplicates	1	14
1	api_requests	late	1	51
1	latency_avg	counted	1	62
1	latency_avg	duplicates	1	14
1	latency_avg	late	1	51
1	latency_max	counted	1	62
1	latency_max	duplicates	1	14
1	latency_max	late	1	43
1	latency_min	counted	1	62
1	latency_min	duplicates	1	14
1	latency_min	late	1	43
1	llm_calls	counted	1	56
1	llm_calls	duplicates	1	15
1	llm_calls	late	1	39
1	llm_tokens	counted	1	53
1	llm_tokens	duplicates	1	14
1	llm_tokens	rejected	1	4
1	llm_tokens	late	1	41
1	storage_bytes	counted	1	14
1	storage_bytes	duplicates	1	1
1	storage_bytes	late	1	10
1		events_read	0	322
1		events_rejected	0	7
1		events_unmatched	0	11
1		events_metered	0	304
1	active_users	counted	0	114
1	active_users	duplicates	0	25
1	api_requests	counted	0	114
1	api_requests	duplicates	0	25
1	api_requests	late	0	90
1	latency_avg	counted	0	114
1	latency_avg	duplicates	0	25
1	latency_avg	late	0	90
1	latency_max	counted	0	114
1	latency_max	duplicates	0	25
1	latency_max	late	0	77
1	latency_min	counted	0	114
1	latency_min	duplicates	0	25
1	latency_min	late	0	77
1	llm_calls	counted	0	106
1	llm_calls	duplicates	0	24
1	llm_calls	late	0	70
1	llm_tokens	counted	0	104
1	llm_tokens	duplicates	0	24
1	llm_tokens	rejected	0	2
1	llm_tokens	late	0	91
1	storage_bytes	counted	0	26
1	storage_bytes	duplicates	0	9
1	storage_bytes	late	0	17
\.

COPY meterflow.pipeline_owner ("generation", "lineage", "job_id", "epoch", "restored_checkpoint", "claimed_at") FROM stdin;
1	da78fabe-98d1-4497-bf1f-783531efb9ef	314aa82036838c9cccb2005f39be233a	1	0	2026-12-01 14:39:38.610178+00
\.

COPY meterflow.rejected_events ("generation", "topic", "partition", "offset", "batch_index", "meter", "reason", "detail", "payload", "payload_size", "headers", "event_id", "event_source", "kafka_timestamp", "rejected_at") FROM stdin;
1	meterflow-savepoint-fixture	0	19	0		MALFORMED_JSON	not valid JSON: Unexpected end-of-input: expected close marker for Object (start marker at [Source: REDACTED (`StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION` disabled); line: 1, column: 1]) (at byte 47)	\\x7b227370656376657273696f6e223a22312e30222c226964223a226261642d3334222c22736f75726365223a227822	47	{}	\N	\N	2026-12-01 00:00:00.04+00	2026-12-01 14:39:40.537594+00
1	meterflow-savepoint-fixture	0	24	0	llm_tokens	MISSING_VALUE	$.usage.total_tokens is absent or null	\\x7b227370656376657273696f6e223a22312e30222c226964223a226576742d3431222c22736f75726365223a222f2f676174657761792f31222c2274797065223a226c6c6d2e636f6d706c6574696f6e222c227375626a656374223a22637573746f6d65722d33222c2274696d65223a22323032362d31312d33305432303a31343a34382e3637345a222c2264617461636f6e74656e7474797065223a226170706c69636174696f6e2f6a736f6e222c2264617461223a7b226d6f64656c223a226770742d35222c22726567696f6e223a226575227d7d	215	{"content-type": "application/cloudevents+json"}	evt-41	//gateway/1	2026-12-01 00:00:00.048+00	2026-12-01 14:39:40.537594+00
1	meterflow-savepoint-fixture	0	40	0		UNSUPPORTED_SPECVERSION	specversion must be "1.0", got "0.3"	\\x7b227370656376657273696f6e223a22302e33222c226964223a226261642d3631222c22736f75726365223a2278222c2274797065223a226170692e72657175657374222c227375626a656374223a2273227d	83	{}	bad-61	x	2026-12-01 00:00:00.076+00	2026-12-01 14:39:40.537594+00
1	meterflow-savepoint-fixture	0	71	0		MALFORMED_JSON	not valid JSON: Unexpected end-of-input: expected close marker for Object (start marker at [Source: REDACTED (`StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION` disabled); line: 1, column: 1]) (at byte 48)	\\x7b227370656376657273696f6e223a22312e30222c226964223a226261642d313230222c22736f75726365223a227822	48	{}	\N	\N	2026-12-01 00:00:00.149+00	2026-12-01 14:39:41.210166+00
1	meterflow-savepoint-fixture	0	88	0		MALFORMED_JSON	not valid JSON: Unrecognized token 'not': was expecting (JSON String, Number, Array, Object or token 'null', 'true' or 'false') (at byte 0)	\\x6e6f74206a736f6e20617420616c6c20313534	19	{}	\N	\N	2026-12-01 00:00:00.191+00	2026-12-01 14:39:41.210166+00
1	meterflow-savepoint-fixture	0	93	0		MALFORMED_JSON	not valid JSON: Unrecognized token 'not': was expecting (JSON String, Number, Array, Object or token 'null', 'true' or 'false') (at byte 0)	\\x6e6f74206a736f6e20617420616c6c20313631	19	{}	\N	\N	2026-12-01 00:00:00.199+00	2026-12-01 14:39:41.210166+00
1	meterflow-savepoint-fixture	0	108	0		UNSUPPORTED_SPECVERSION	specversion must be "1.0", got "0.3"	\\x7b227370656376657273696f6e223a22302e33222c226964223a226261642d313931222c22736f75726365223a2278222c2274797065223a226170692e72657175657374222c227375626a656374223a2273227d	84	{}	bad-191	x	2026-12-01 00:00:00.233+00	2026-12-01 14:39:41.210166+00
1	meterflow-savepoint-fixture	0	146	0		UNSUPPORTED_SPECVERSION	specversion must be "1.0", got "0.3"	\\x7b227370656376657273696f6e223a22302e33222c226964223a226261642d323532222c22736f75726365223a2278222c2274797065223a226170692e72657175657374222c227375626a656374223a2273227d	84	{}	bad-252	x	2026-12-01 00:00:00.316+00	2026-12-01 14:39:41.210166+00
1	meterflow-savepoint-fixture	0	168	0	llm_tokens	MISSING_VALUE	$.usage.total_tokens is absent or null	\\x7b227370656376657273696f6e223a22312e30222c226964223a226576742d323933222c22736f75726365223a222f2f676174657761792f33222c2274797065223a226c6c6d2e636f6d706c6574696f6e222c227375626a656374223a22637573746f6d65722d35222c2274696d65223a22323032362d31312d33305432313a32343a33342e3238345a222c2264617461636f6e74656e7474797065223a226170706c69636174696f6e2f6a736f6e222c2264617461223a7b226d6f64656c223a226c6c616d612d34222c22726567696f6e223a226575227d7d	218	{"content-type": "application/cloudevents+json"}	evt-293	//gateway/3	2026-12-01 00:00:00.369+00	2026-12-01 14:39:41.210166+00
1	meterflow-savepoint-fixture	0	215	0	llm_tokens	MISSING_VALUE	$.usage.total_tokens is absent or null	\\x7b227370656376657273696f6e223a22312e30222c226964223a226576742d333632222c22736f75726365223a222f2f676174657761792f33222c2274797065223a226c6c6d2e636f6d706c6574696f6e222c227375626a656374223a22637573746f6d65722d35222c2274696d65223a22323032362d31312d33305432313a35303a32392e3631385a222c2264617461636f6e74656e7474797065223a226170706c69636174696f6e2f6a736f6e222c2264617461223a7b226d6f64656c223a22636c617564652d34222c22726567696f6e223a227573227d7d	219	{"content-type": "application/cloudevents+json"}	evt-362	//gateway/3	2026-12-01 00:00:00.454+00	2026-12-01 14:39:41.210166+00
1	meterflow-savepoint-fixture	0	217	0		MISSING_ATTRIBUTE	missing required attribute subject	\\x7b227370656376657273696f6e223a22312e30222c226964223a226261642d333638222c22736f75726365223a2278222c2274797065223a226170692e72657175657374227d	70	{}	bad-368	x	2026-12-01 00:00:00.462+00	2026-12-01 14:39:41.210166+00
1	meterflow-savepoint-fixture	0	224	0	llm_tokens	MISSING_VALUE	$.usage.total_tokens is absent or null	\\x7b227370656376657273696f6e223a22312e30222c226964223a226576742d333632222c22736f75726365223a222f2f676174657761792f33222c2274797065223a226c6c6d2e636f6d706c6574696f6e222c227375626a656374223a22637573746f6d65722d35222c2274696d65223a22323032362d31312d33305432313a35303a32392e3631385a222c2264617461636f6e74656e7474797065223a226170706c69636174696f6e2f6a736f6e222c2264617461223a7b226d6f64656c223a22636c617564652d34222c22726567696f6e223a227573227d7d	219	{"content-type": "application/cloudevents+json"}	evt-362	//gateway/3	2026-12-01 00:00:00.474+00	2026-12-01 14:39:41.210166+00
1	meterflow-savepoint-fixture	1	71	0		MALFORMED_JSON	not valid JSON: Unexpected end-of-input: expected close marker for Object (start marker at [Source: REDACTED (`StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION` disabled); line: 1, column: 1]) (at byte 48)	\\x7b227370656376657273696f6e223a22312e30222c226964223a226261642d313039222c22736f75726365223a227822	48	{}	\N	\N	2026-12-01 00:00:00.134+00	2026-12-01 14:39:41.204471+00
1	meterflow-savepoint-fixture	1	92	0	llm_tokens	MISSING_VALUE	$.usage.total_tokens is absent or null	\\x7b227370656376657273696f6e223a22312e30222c226964223a226576742d313339222c22736f75726365223a222f2f676174657761792f33222c2274797065223a226c6c6d2e636f6d706c6574696f6e222c227375626a656374223a22637573746f6d65722d34222c2274696d65223a22323032362d31312d33305432303a34333a34322e3339375a222c2264617461636f6e74656e7474797065223a226170706c69636174696f6e2f6a736f6e222c2264617461223a7b226d6f64656c223a22636c617564652d34227d7d	205	{"content-type": "application/cloudevents+json"}	evt-139	//gateway/3	2026-12-01 00:00:00.172+00	2026-12-01 14:39:41.204471+00
1	meterflow-savepoint-fixture	1	100	0		UNSUPPORTED_SPECVERSION	specversion must be "1.0", got "0.3"	\\x7b227370656376657273696f6e223a22302e33222c226964223a226261642d313532222c22736f75726365223a2278222c2274797065223a226170692e72657175657374222c227375626a656374223a2273227d	84	{}	bad-152	x	2026-12-01 00:00:00.187+00	2026-12-01 14:39:41.204471+00
1	meterflow-savepoint-fixture	1	111	0	llm_tokens	MISSING_VALUE	$.usage.total_tokens is absent or null	\\x7b227370656376657273696f6e223a22312e30222c226964223a226576742d313731222c22736f75726365223a222f2f676174657761792f32222c2274797065223a226c6c6d2e636f6d706c6574696f6e222c227375626a656374223a22637573746f6d65722d31222c2274696d65223a22323032362d31312d33305432323a35303a33382e3838365a222c2264617461636f6e74656e7474797065223a226170706c69636174696f6e2f6a736f6e222c2264617461223a7b226d6f64656c223a226770742d35227d7d	202	{"content-type": "application/cloudevents+json"}	evt-171	//gateway/2	2026-12-01 00:00:00.209+00	2026-12-01 14:39:41.204471+00
1	meterflow-savepoint-fixture	1	131	0		MISSING_ATTRIBUTE	missing required attribute subject	\\x7b227370656376657273696f6e223a22312e30222c226964223a226261642d313938222c22736f75726365223a2278222c2274797065223a226170692e72657175657374227d	70	{}	bad-198	x	2026-12-01 00:00:00.243+00	2026-12-01 14:39:41.204471+00
1	meterflow-savepoint-fixture	1	174	0		MISSING_ATTRIBUTE	missing required attribute subject	\\x7b227370656376657273696f6e223a22312e30222c226964223a226261642d323537222c22736f75726365223a2278222c2274797065223a226170692e72657175657374227d	70	{}	bad-257	x	2026-12-01 00:00:00.324+00	2026-12-01 14:39:41.204471+00
1	meterflow-savepoint-fixture	1	196	0		MISSING_ATTRIBUTE	missing required attribute subject	\\x7b227370656376657273696f6e223a22312e30222c226964223a226261642d323930222c22736f75726365223a2278222c2274797065223a226170692e72657175657374227d	70	{}	bad-290	x	2026-12-01 00:00:00.364+00	2026-12-01 14:39:41.204471+00
1	meterflow-savepoint-fixture	1	248	0		UNSUPPORTED_SPECVERSION	specversion must be "1.0", got "0.3"	\\x7b227370656376657273696f6e223a22302e33222c226964223a226261642d333732222c22736f75726365223a2278222c2274797065223a226170692e72657175657374222c227375626a656374223a2273227d	84	{}	bad-372	x	2026-12-01 00:00:00.469+00	2026-12-01 14:39:41.204471+00
1	meterflow-savepoint-fixture	1	258	0		MALFORMED_JSON	not valid JSON: Unexpected end-of-input: expected close marker for Object (start marker at [Source: REDACTED (`StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION` disabled); line: 1, column: 1]) (at byte 48)	\\x7b227370656376657273696f6e223a22312e30222c226964223a226261642d333838222c22736f75726365223a227822	48	{}	\N	\N	2026-12-01 00:00:00.494+00	2026-12-01 14:39:41.204471+00
\.

COPY meterflow.usage_unique_values ("generation", "meter", "subject", "group_values", "window_start", "value") FROM stdin;
1	active_users	customer-4	{}	2026-11-30 00:00:00+00	user-27
1	active_users	customer-4	{}	2026-11-30 00:00:00+00	user-6
1	active_users	customer-5	{}	2026-11-30 00:00:00+00	user-13
1	active_users	customer-5	{}	2026-11-30 00:00:00+00	user-20
1	active_users	customer-5	{}	2026-11-30 00:00:00+00	user-33
1	active_users	customer-5	{}	2026-11-30 00:00:00+00	user-38
1	active_users	customer-5	{}	2026-11-30 00:00:00+00	user-39
1	active_users	customer-1	{}	2026-11-30 00:00:00+00	user-23
1	active_users	customer-2	{}	2026-11-30 00:00:00+00	user-12
1	active_users	customer-2	{}	2026-11-30 00:00:00+00	user-13
1	active_users	customer-2	{}	2026-11-30 00:00:00+00	user-17
1	active_users	customer-2	{}	2026-11-30 00:00:00+00	user-25
1	active_users	customer-2	{}	2026-11-30 00:00:00+00	user-28
1	active_users	customer-2	{}	2026-11-30 00:00:00+00	user-30
1	active_users	customer-2	{}	2026-11-30 00:00:00+00	user-38
1	active_users	customer-3	{}	2026-11-30 00:00:00+00	user-17
1	active_users	customer-3	{}	2026-11-30 00:00:00+00	user-18
1	active_users	customer-3	{}	2026-11-30 00:00:00+00	user-20
1	active_users	customer-3	{}	2026-11-30 00:00:00+00	user-25
1	active_users	customer-3	{}	2026-11-30 00:00:00+00	user-26
1	active_users	customer-3	{}	2026-11-30 00:00:00+00	user-33
1	active_users	customer-3	{}	2026-11-30 00:00:00+00	user-38
1	active_users	customer-3	{}	2026-11-30 00:00:00+00	user-39
1	active_users	customer-6	{}	2026-11-30 00:00:00+00	user-21
1	active_users	customer-4	{}	2026-11-30 00:00:00+00	user-1
1	active_users	customer-4	{}	2026-11-30 00:00:00+00	user-10
1	active_users	customer-4	{}	2026-11-30 00:00:00+00	user-11
1	active_users	customer-4	{}	2026-11-30 00:00:00+00	user-12
1	active_users	customer-4	{}	2026-11-30 00:00:00+00	user-13
1	active_users	customer-4	{}	2026-11-30 00:00:00+00	user-14
1	active_users	customer-4	{}	2026-11-30 00:00:00+00	user-17
1	active_users	customer-4	{}	2026-11-30 00:00:00+00	user-18
1	active_users	customer-4	{}	2026-11-30 00:00:00+00	user-2
1	active_users	customer-4	{}	2026-11-30 00:00:00+00	user-20
1	active_users	customer-4	{}	2026-11-30 00:00:00+00	user-24
1	active_users	customer-4	{}	2026-11-30 00:00:00+00	user-25
1	active_users	customer-4	{}	2026-11-30 00:00:00+00	user-28
1	active_users	customer-4	{}	2026-11-30 00:00:00+00	user-3
1	active_users	customer-4	{}	2026-11-30 00:00:00+00	user-30
1	active_users	customer-4	{}	2026-11-30 00:00:00+00	user-35
1	active_users	customer-4	{}	2026-11-30 00:00:00+00	user-36
1	active_users	customer-4	{}	2026-11-30 00:00:00+00	user-37
1	active_users	customer-4	{}	2026-11-30 00:00:00+00	user-39
1	active_users	customer-5	{}	2026-11-30 00:00:00+00	user-14
1	active_users	customer-5	{}	2026-11-30 00:00:00+00	user-2
1	active_users	customer-5	{}	2026-11-30 00:00:00+00	user-21
1	active_users	customer-5	{}	2026-11-30 00:00:00+00	user-22
1	active_users	customer-5	{}	2026-11-30 00:00:00+00	user-23
1	active_users	customer-5	{}	2026-11-30 00:00:00+00	user-27
1	active_users	customer-5	{}	2026-11-30 00:00:00+00	user-31
1	active_users	customer-5	{}	2026-11-30 00:00:00+00	user-32
1	active_users	customer-5	{}	2026-11-30 00:00:00+00	user-34
1	active_users	customer-5	{}	2026-11-30 00:00:00+00	user-35
1	active_users	customer-5	{}	2026-11-30 00:00:00+00	user-5
1	active_users	customer-5	{}	2026-11-30 00:00:00+00	user-6
1	active_users	customer-5	{}	2026-11-30 00:00:00+00	user-7
1	active_users	customer-1	{}	2026-11-30 00:00:00+00	user-1
1	active_users	customer-1	{}	2026-11-30 00:00:00+00	user-11
1	active_users	customer-1	{}	2026-11-30 00:00:00+00	user-13
1	active_users	customer-1	{}	2026-11-30 00:00:00+00	user-15
1	active_users	customer-1	{}	2026-11-30 00:00:00+00	user-16
1	active_users	customer-1	{}	2026-11-30 00:00:00+00	user-17
1	active_users	customer-1	{}	2026-11-30 00:00:00+00	user-21
1	active_users	customer-1	{}	2026-11-30 00:00:00+00	user-24
1	active_users	customer-1	{}	2026-11-30 00:00:00+00	user-25
1	active_users	customer-1	{}	2026-11-30 00:00:00+00	user-26
1	active_users	customer-1	{}	2026-11-30 00:00:00+00	user-27
1	active_users	customer-1	{}	2026-11-30 00:00:00+00	user-28
1	active_users	customer-1	{}	2026-11-30 00:00:00+00	user-29
1	active_users	customer-1	{}	2026-11-30 00:00:00+00	user-31
1	active_users	customer-1	{}	2026-11-30 00:00:00+00	user-33
1	active_users	customer-1	{}	2026-11-30 00:00:00+00	user-34
1	active_users	customer-1	{}	2026-11-30 00:00:00+00	user-35
1	active_users	customer-1	{}	2026-11-30 00:00:00+00	user-36
1	active_users	customer-1	{}	2026-11-30 00:00:00+00	user-38
1	active_users	customer-1	{}	2026-11-30 00:00:00+00	user-39
1	active_users	customer-1	{}	2026-11-30 00:00:00+00	user-4
1	active_users	customer-1	{}	2026-11-30 00:00:00+00	user-5
1	active_users	customer-1	{}	2026-11-30 00:00:00+00	user-6
1	active_users	customer-1	{}	2026-11-30 00:00:00+00	user-8
1	active_users	customer-1	{}	2026-11-30 00:00:00+00	user-9
1	active_users	customer-2	{}	2026-11-30 00:00:00+00	user-11
1	active_users	customer-2	{}	2026-11-30 00:00:00+00	user-15
1	active_users	customer-2	{}	2026-11-30 00:00:00+00	user-16
1	active_users	customer-2	{}	2026-11-30 00:00:00+00	user-18
1	active_users	customer-2	{}	2026-11-30 00:00:00+00	user-20
1	active_users	customer-2	{}	2026-11-30 00:00:00+00	user-22
1	active_users	customer-2	{}	2026-11-30 00:00:00+00	user-24
1	active_users	customer-2	{}	2026-11-30 00:00:00+00	user-26
1	active_users	customer-2	{}	2026-11-30 00:00:00+00	user-27
1	active_users	customer-2	{}	2026-11-30 00:00:00+00	user-3
1	active_users	customer-2	{}	2026-11-30 00:00:00+00	user-32
1	active_users	customer-2	{}	2026-11-30 00:00:00+00	user-34
1	active_users	customer-2	{}	2026-11-30 00:00:00+00	user-4
1	active_users	customer-2	{}	2026-11-30 00:00:00+00	user-7
1	active_users	customer-2	{}	2026-11-30 00:00:00+00	user-9
1	active_users	customer-3	{}	2026-11-30 00:00:00+00	user-10
1	active_users	customer-3	{}	2026-11-30 00:00:00+00	user-13
1	active_users	customer-3	{}	2026-11-30 00:00:00+00	user-14
1	active_users	customer-3	{}	2026-11-30 00:00:00+00	user-21
1	active_users	customer-3	{}	2026-11-30 00:00:00+00	user-22
1	active_users	customer-3	{}	2026-11-30 00:00:00+00	user-24
1	active_users	customer-3	{}	2026-11-30 00:00:00+00	user-31
1	active_users	customer-3	{}	2026-11-30 00:00:00+00	user-32
1	active_users	customer-3	{}	2026-11-30 00:00:00+00	user-36
1	active_users	customer-3	{}	2026-11-30 00:00:00+00	user-37
1	active_users	customer-3	{}	2026-11-30 00:00:00+00	user-6
1	active_users	customer-3	{}	2026-11-30 00:00:00+00	user-7
1	active_users	customer-3	{}	2026-11-30 00:00:00+00	user-9
1	active_users	customer-6	{}	2026-11-30 00:00:00+00	user-10
1	active_users	customer-6	{}	2026-11-30 00:00:00+00	user-15
1	active_users	customer-6	{}	2026-11-30 00:00:00+00	user-18
1	active_users	customer-6	{}	2026-11-30 00:00:00+00	user-19
1	active_users	customer-6	{}	2026-11-30 00:00:00+00	user-2
1	active_users	customer-6	{}	2026-11-30 00:00:00+00	user-28
1	active_users	customer-6	{}	2026-11-30 00:00:00+00	user-29
1	active_users	customer-6	{}	2026-11-30 00:00:00+00	user-30
1	active_users	customer-6	{}	2026-11-30 00:00:00+00	user-32
1	active_users	customer-6	{}	2026-11-30 00:00:00+00	user-33
1	active_users	customer-6	{}	2026-11-30 00:00:00+00	user-37
1	active_users	customer-6	{}	2026-11-30 00:00:00+00	user-4
1	active_users	customer-6	{}	2026-11-30 00:00:00+00	user-6
1	active_users	customer-6	{}	2026-11-30 00:00:00+00	user-8
\.

COPY meterflow.usage_windows ("generation", "meter", "subject", "group_values", "window_start", "window_end", "event_count", "value_sum", "value_min", "value_max", "latest_time", "latest_digest", "latest_value", "late_event_count", "late_value_sum", "first_committed_at", "last_committed_at") FROM stdin;
1	api_requests	customer-1	{"route": "/v1/files"}	2026-11-30 18:16:00+00	2026-11-30 18:17:00+00	1	\N	\N	\N	\N	\N	\N	0	\N	2026-12-01 14:39:40.50656+00	2026-12-01 14:39:40.50656+00
1	api_requests	customer-2	{"route": "/v1/chat"}	2026-11-30 18:46:00+00	2026-11-30 18:47:00+00	1	\N	\N	\N	\N	\N	\N	0	\N	2026-12-01 14:39:40.50656+00	2026-12-01 14:39:40.50656+00
1	api_requests	customer-2	{"route": "/v1/chat"}	2026-11-30 20:12:00+00	2026-11-30 20:13:00+00	1	\N	\N	\N	\N	\N	\N	0	\N	2026-12-01 14:39:40.50656+00	2026-12-01 14:39:40.50656+00
1	api_requests	customer-2	{"route": "/v1/embed"}	2026-11-30 19:25:00+00	2026-11-30 19:26:00+00	1	\N	\N	\N	\N	\N	\N	0	\N	2026-12-01 14:39:40.50656+00	2026-12-01 14:39:40.50656+00
1	api_requests	customer-2	{"route": "/v1/embed"}	2026-11-30 21:05:00+00	2026-11-30 21:06:00+00	1	\N	\N	\N	\N	\N	\N	0	\N	2026-12-01 14:39:40.50656+00	2026-12-01 14:39:40.50656+00
1	api_requests	customer-2	{"route": "/v1/embed"}	2026-11-30 22:41:00+00	2026-11-30 22:42:00+00	1	\N	\N	\N	\N	\N	\N	0	\N	2026-12-01 14:39:40.50656+00	2026-12-01 14:39:40.50656+00
1	api_requests	customer-2	{"route": "/v1/embed"}	2026-11-30 23:04:00+00	2026-11-30 23:05:00+00	1	\N	\N	\N	\N	\N	\N	0	\N	2026-12-01 14:39:40.50656+00	2026-12-01 14:39:40.50656+00
1	api_requests	customer-2	{"route": "/v1/embed"}	2026-11-30 23:59:00+00	2026-12-01 00:00:00+00	1	\N	\N	\N	\N	\N	\N	0	\N	2026-12-01 14:39:40.50656+00	2026-12-01 14:39:40.50656+00
1	api_requests	customer-3	{"route": "/v1/chat"}	2026-11-30 18:13:00+00	2026-11-30 18:14:00+00	1	\N	\N	\N	\N	\N	\N	0	\N	2026-12-01 14:39:40.50656+00	2026-12-01 14:39:40.50656+00
1	api_requests	customer-3	{"route": "/v1/chat"}	2026-11-30 18:42:00+00	2026-11-30 18:43:00+00	1	\N	\N	\N	\N	\N	\N	0	\N	2026-12-01 14:39:40.50656+00	2026-12-01 14:39:40.50656+00
1	api_requests	customer-3	{"route": "/v1/chat"}	2026-11-30 20:53:00+00	2026-11-30 20:54:00+00	1	\N	\N	\N	\N	\N	\N	0	\N	2026-12-01 14:39:40.50656+00	2026-12-01 14:39:40.50656+00
1	api_requests	customer-3	{"route": "/v1/chat"}	2026-11-30 22:06:00+00	2026-11-30 22:07:00+00	1	\N	\N	\N	\N	\N	\N	0	\N	2026-12-01 14:39:40.50656+00	2026-12-01 14:39:40.50656+00
1	api_requests	customer-3	{"route": "/v1/files"}	2026-11-30 20:53:00+00	2026-11-30 20:54:00+00	1	\N	\N	\N	\N	\N	\N	0	\N	2026-12-01 14:39:40.50656+00	2026-12-01 14:39:40.50656+00
1	api_requests	customer-3	{"route": "/v1/files"}	2026-11-30 21:35:00+00	2026-11-30 21:36:00+00	1	\N	\N	\N	\N	\N	\N	0	\N	2026-12-01 14:39:40.50656+00	2026-12-01 14:39:40.50656+00
1	api_requests	customer-3	{"route": "/v1/files"}	2026-11-30 21:50:00+00	2026-11-30 21:51:00+00	1	\N	\N	\N	\N	\N	\N	0	\N	2026-12-01 14:39:40.50656+00	2026-12-01 14:39:40.50656+00
1	api_requests	customer-3	{"route": "/v1/files"}	2026-11-30 22:54:00+00	2026-11-30 22:55:00+00	1	\N	\N	\N	\N	\N	\N	0	\N	2026-12-01 14:39:40.50656+00	2026-12-01 14:39:40.50656+00
1	api_requests	customer-6	{"route": "/v1/files"}	2026-11-30 18:23:00+00	2026-11-30 18:24:00+00	1	\N	\N	\N	\N	\N	\N	0	\N	2026-12-01 14:39:40.50656+00	2026-12-01 14:39:40.50656+00
1	api_requests	customer-4	{"route": "/v1/embed"}	2026-11-30 21:06:00+00	2026-11-30 21:07:00+00	1	\N	\N	\N	\N	\N	\N	0	\N	2026-12-01 14:39:40.537594+00	2026-12-01 14:39:40.537594+00
1	api_requests	customer-4	{"route": "/v1/embed"}	2026-11-30 21:09:00+00	2026-11-30 21:10:00+00	1	\N	\N	\N	\N	\N	\N	0	\N	2026-12-01 14:39:40.537594+00	2026-12-01 14:39:40.537594+00
1	api_requests	customer-5	{"route": "/v1/chat"}	2026-11-30 21:23:00+00	2026-11-30 21:24:00+00	1	\N	\N	\N	\N	\N	\N	0	\N	2026-12-01 14:39:40.537594+00	2026-12-01 14:39:40.537594+00
1	api_requests	customer-5	{"route": "/v1/embed"}	2026-11-30 20:15:00+00	2026-11-30 20:16:00+00	1	\N	\N	\N	\N	\N	\N	0	\N	2026-12-01 14:39:40.537594+00	2026-12-01 14:39:40.537594+00
1	api_requests	customer-5	{"route": "/v1/files"}	2026-11-30 19:45:00+00	2026-11-30 19:46:00+00	1	\N	\N	\N	\N	\N	\N	0	\N	2026-12-01 14:39:40.537594+00	2026-12-01 14:39:40.537594+00
1	api_requests	customer-5	{"route": "/v1/files"}	2026-11-30 22:46:00+00	2026-11-30 22:47:00+00	1	\N	\N	\N	\N	\N	\N	0	\N	2026-12-01 14:39:40.537594+00	2026-12-01 14:39:40.537594+00
1	api_requests	customer-5	{"route": "/v1/files"}	2026-11-30 22:51:00+00	2026-11-30 22:52:00+00	1	\N	\N	\N	\N	\N	\N	0	\N	2026-12-01 14:39:40.537594+00	2026-12-01 14:39:40.537594+00
1	latency_avg	customer-4	{"route": "/v1/embed"}	2026-11-30 21:06:00+00	2026-11-30 21:07:00+00	1	13.617	\N	\N	\N	\N	\N	0	\N	2026-12-01 14:39:40.537594+00	2026-12-01 14:39:40.537594+00
1	latency_avg	customer-4	{"route": "/v1/embed"}	2026-11-30 21:09:00+00	2026-11-30 21:10:00+00	1	138.901	\N	\N	\N	\N	\N	0	\N	2026-12-01 14:39:40.537594+00	2026-12-01 14:39:40.537594+00
1	latency_avg	customer-5	{"route": "/v1/chat"}	2026-11-30 21:23:00+00	2026-11-30 21:24:00+00	1	452.641	\N	\N	\N	\N	\N	0	\N	2026-12-01 14:39:40.537594+00	2026-12-01 14:39:40.537594+00
1	latency_avg	customer-5	{"route": "/v1/embed"}	2026-11-30 20:15:00+00	2026-11-30 20:16:00+00	1	297.460	\N	\N	\N	\N	\N	0	\N	2026-12-01 14:39:40.537594+00	2026-12-01 14:39:40.537594+00
1	latency_avg	customer-5	{"route": "/v1/files"}	2026-11-30 19:45:00+00	2026-11-30 19:46:00+00	1	290.417	\N	\N	\N	\N	\N	0	\N	2026-12-01 14:39:40.537594+00	2026-12-01 14:39:40.537594+00
1	latency_avg	customer-5	{"route": "/v1/files"}	2026-11-30 22:46:00+00	2026-11-30 22:47:00+00	1	38.707	\N	\N	\N	\N	\N	0	\N	2026-12-01 14:39:40.537594+00	2026-12-01 14:39:40.537594+00
1	latency_avg	customer-5	{"route": "/v1/files"}	2026-11-30 22:51:00+00	2026-11-30 22:52:00+00	1	254.263	\N	\N	\N	\N	\N	0	\N	2026-12-01 14:39:40.537594+00	2026-12-01 14:39:40.537594+00
1	latency_avg	customer-1	{"route": "/v1/files"}	2026-11-30 18:16:00+00	2026-11-30 18:17:00+00	1	344.808	\N	\N	\N	\N	\N	0	\N	2026-12-01 14:39:40.50656+00	2026-12-01 14:39:40.50656+00
1	latency_avg	customer-2	{"route": "/v1/chat"}	2026-11-30 18:46:00+00	2026-11-30 18:47:00+00	1	340.494	\N	\N	\N	\N	\N	0	\N	2026-12-01 14:39:40.50656+00	2026-12-01 14:39:40.50656+00
1	latency_avg	customer-2	{"route": "/v1/chat"}	2026-11-30 20:12:00+00	2026-11-30 20:13:00+00	1	19.326	\N	\N	\N	\N	\N	0	\N	2026-12-01 14:39:40.50656+00	2026-12-01 14:39:40.50656+00
1	latency_avg	customer-2	{"route": "/v1/embed"}	2026-11-30 19:25:00+00	2026-11-30 19:26:00+00	1	227.579	\N	\N	\N	\N	\N	0	\N	2026-12-01 14:39:40.50656+00	2026-12-01 14:39:40.50656+00
1	latency_avg	customer-2	{"route": "/v1/embed"}	2026-11-30 21:05:00+00	2026-11-30 21:06:00+00	1	78.947	\N	\N	\N	\N	\N	0	\N	2026-12-01 14:39:40.50656+00	2026-12-01 14:39:40.50656+00
1	latency_avg	customer-2	{"route": "/v1/embed"}	2026-11-30 22:41:00+00	2026-11-30 22:42:00+00	1	220.765	\N	\N	\N	\N	\N	0	\N	2026-12-01 14:39:40.50656+00	2026-12-01 14:39:40.50656+00
1	latency_avg	customer-2	{"route": "/v1/embed"}	2026-11-30 23:04:00+00	2026-11-30 23:05:00+00	1	96.320	\N	\N	\N	\N	\N	0	\N	2026-12-01 14:39:40.50656+00	2026-12-01 14:39:40.50656+00
1	latency_avg	customer-2	{"route": "/v1/embed"}	2026-11-30 23:59:00+00	2026-12-01 00:00:00+00	1	150.909	\N	\N	\N	\N	\N	0	\N	2026-12-01 14:39:40.50656+00	2026-12-01 14:39:40.50656+00
1	latency_avg	customer-3	{"route": "/v1/chat"}	2026-11-30 18:13:00+00	2026-11-30 18:14:00+00	1	185.947	\N	\N	\N	\N	\N	0	\N	2026-12-01 14:39:40.50656+00	2026-12-01 14:39:40.50656+00
1	latency_avg	customer-3	{"route": "/v1/chat"}	2026-11-30 18:42:00+00	2026-11-30 18:43:00+00	1	174.173	\N	\N	\N	\N	\N	0	\N	2026-12-01 14:39:40.50656+00	2026-12-01 14:39:40.50656+00
1	latency_avg	customer-3	{"route": "/v1/chat"}	2026-11-30 20:53:00+00	2026-11-30 20:54:00+00	1	469.718	\N	\N	\N	\N	\N	0	\N	2026-12-01 14:39:40.50656+00	2026-12-01 14:39:40.50656+00
1	latency_avg	customer-3	{"route": "/v1/chat"}	2026-11-30 22:06:00+00	2026-11-30 22:07:00+00	1	293.926	\N	\N	\N	\N	\N	0	\N	2026-12-01 14:39:40.50656+00	2026-12-01 14:39:40.50656+00
1	llm_calls	customer-5	{"model": "claude-4"}	2026-11-30 18:00:00+00	2026-11-30 19:00:00+00	2	\N	\N	\N	\N	\N	\N	0	\N	2026-12-01 14:39:40.537594+00	2026-12-01 14:39:40.537594+00
1	llm_tokens	customer-4	{"model": "claude-4", "region": "eu"}	2026-11-30 20:31:00+00	2026-11-30 20:32:00+00	1	246	\N	\N	\N	\N	\N	0	\N	2026-12-01 14:39:40.537594+00	2026-12-01 14:39:40.537594+00
1	llm_tokens	customer-5	{"model": "claude-4", "region": "eu"}	2026-11-30 18:00:00+00	2026-11-30 18:01:00+00	1	2323	\N	\N	\N	\N	\N	0	\N	2026-12-01 14:39:40.537594+00	2026-12-01 14:39:40.537594+00
1	llm_tokens	customer-5	{"model": "claude-4", "region": "us"}	2026-11-30 18:21:00+00	2026-11-30 18:22:00+00	1	538	\N	\N	\N	\N	\N	0	\N	2026-12-01 14:39:40.537594+00	2026-12-01 14:39:40.537594+00
1	llm_tokens	customer-5	{"model": "claude-4", "region": "us"}	2026-11-30 21:17:00+00	2026-11-30 21:18:00+00	1	3852	\N	\N	\N	\N	\N	0	\N	2026-12-01 14:39:40.537594+00	2026-12-01 14:39:40.537594+00
1	llm_tokens	customer-5	{"model": "gpt-5", "region": "eu"}	2026-11-30 20:04:00+00	2026-11-30 20:05:00+00	1	369	\N	\N	\N	\N	\N	0	\N	2026-12-01 14:39:40.537594+00	2026-12-01 14:39:40.537594+00
1	llm_tokens	customer-5	{"model": "gpt-5", "region": "eu"}	2026-11-30 22:20:00+00	2026-11-30 22:21:00+00	1	3127	\N	\N	\N	\N	\N	0	\N	2026-12-01 14:39:40.537594+00	2026-12-01 14:39:40.537594+00
1	llm_tokens	customer-5	{"model": "gpt-5", "region": "us"}	2026-11-30 18:20:00+00	2026-11-30 18:21:00+00	1	3977	\N	\N	\N	\N	\N	0	\N	2026-12-01 14:39:40.537594+00	2026-12-01 14:39:40.537594+00
1	llm_tokens	customer-5	{"model": "llama-4", "region": "us"}	2026-11-30 21:22:00+00	2026-11-30 21:23:00+00	1	428	\N	\N	\N	\N	\N	0	\N	2026-12-01 14:39:40.537594+00	2026-12-01 14:39:40.537594+00
1	llm_tokens	customer-5	{"model": "llama-4", "region": "us"}	2026-11-30 21:53:00+00	2026-11-30 21:54:00+00	1	1698	\N	\N	\N	\N	\N	0	\N	2026-12-01 14:39:40.537594+00	2026-12-01 14:39:40.537594+00
1	active_users	customer-4	{}	2026-11-30 00:00:00+00	2026-12-01 00:00:00+00	38	\N	\N	\N	\N	\N	\N	0	\N	2026-12-01 14:39:40.537594+00	2026-12-01 14:39:41.210166+00
1	active_users	customer-5	{}	2026-11-30 00:00:00+00	2026-12-01 00:00:00+00	24	\N	\N	\N	\N	\N	\N	0	\N	2026-12-01 14:39:40.537594+00	2026-12-01 14:39:41.210166+00
1	api_requests	customer-4	{"route": "/v1/chat"}	2026-11-30 18:09:00+00	2026-11-30 18:10:00+00	1	\N	\N	\N	\N	\N	\N	1	\N	2026-12-01 14:39:41.210166+00	2026-12-01 14:39:41.210166+00
1	api_requests	customer-4	{"route": "/v1/chat"}	2026-11-30 18:32:00+00	2026-11-30 18:33:00+00	1	\N	\N	\N	\N	\N	\N	1	\N	2026-12-01 14:39:41.210166+00	2026-12-01 14:39:41.210166+00
1	api_requests	customer-4	{"route": "/v1/chat"}	2026-11-30 19:16:00+00	2026-11-30 19:17:00+00	1	\N	\N	\N	\N	\N	\N	1	\N	2026-12-01 14:39:41.210166+00	2026-12-01 14:39:41.210166+00
1	api_requests	customer-4	{"route": "/v1/chat"}	2026-11-30 19:40:00+00	2026-11-30 19:41:00+00	1	\N	\N	\N	\N	\N	\N	1	\N	2026-12-01 14:39:41.210166+00	2026-12-01 14:39:41.210166+00
1	api_requests	customer-4	{"route": "/v1/chat"}	2026-11-30 19:53:00+00	2026-11-30 19:54:00+00	1	\N	\N	\N	\N	\N	\N	1	\N	2026-12-01 14:39:41.210166+00	2026-12-01 14:39:41.210166+00
1	api_requests	customer-4	{"route": "/v1/chat"}	2026-11-30 20:29:00+00	2026-11-30 20:30:00+00	1	\N	\N	\N	\N	\N	\N	1	\N	2026-12-01 14:39:41.210166+00	2026-12-01 14:39:41.210166+00
1	api_requests	customer-4	{"route": "/v1/chat"}	2026-11-30 22:09:00+00	2026-11-30 22:10:00+00	1	\N	\N	\N	\N	\N	\N	1	\N	2026-12-01 14:39:41.210166+00	2026-12-01 14:39:41.210166+00
1	api_requests	customer-4	{"route": "/v1/chat"}	2026-11-30 22:38:00+00	2026-11-30 22:39:00+00	1	\N	\N	\N	\N	\N	\N	1	\N	2026-12-01 14:39:41.210166+00	2026-12-01 14:39:41.210166+00
1	api_requests	customer-4	{"route": "/v1/chat"}	2026-11-30 22:39:00+00	2026-11-30 22:40:00+00	1	\N	\N	\N	\N	\N	\N	1	\N	2026-12-01 14:39:41.210166+00	2026-12-01 14:39:41.210166+00
1	api_requests	customer-4	{"route": "/v1/chat"}	2026-11-30 23:35:00+00	2026-11-30 23:36:00+00	1	\N	\N	\N	\N	\N	\N	1	\N	2026-12-01 14:39:41.210166+00	2026-12-01 14:39:41.210166+00
1	api_requests	customer-4	{"route": "/v1/embed"}	2026-11-30 18:30:00+00	2026-11-30 18:31:00+00	1	\N	\N	\N	\N	\N	\N	1	\N	2026-12-01 14:39:41.210166+00	2026-12-01 14:39:41.210166+00
1	api_requests	customer-4	{"route": "/v1/embed"}	2026-11-30 19:04:00+00	2026-11-30 19:05:00+00	1	\N	\N	\N	\N	\N	\N	1	\N	2026-12-01 14:39:41.210166+00	2026-12-01 14:39:41.210166+00
1	api_requests	customer-4	{"route": "/v1/embed"}	2026-11-30 19:39:00+00	2026-11-30 19:40:00+00	1	\N	\N	\N	\N	\N	\N	1	\N	2026-12-01 14:39:41.210166+00	2026-12-01 14:39:41.210166+00
1	api_requests	customer-4	{"route": "/v1/embed"}	2026-11-30 20:25:00+00	2026-11-30 20:26:00+00	2	\N	\N	\N	\N	\N	\N	2	\N	2026-12-01 14:39:41.210166+00	2026-12-01 14:39:41.210166+00
1	api_requests	customer-4	{"route": "/v1/embed"}	2026-11-30 20:34:00+00	2026-11-30 20:35:00+00	1	\N	\N	\N	\N	\N	\N	1	\N	2026-12-01 14:39:41.210166+00	2026-12-01 14:39:41.210166+00
1	api_requests	customer-4	{"route": "/v1/embed"}	2026-11-30 20:37:00+00	2026-11-30 20:38:00+00	1	\N	\N	\N	\N	\N	\N	1	\N	2026-12-01 14:39:41.210166+00	2026-12-01 14:39:41.210166+00
1	api_requests	customer-4	{"route": "/v1/embed"}	2026-11-30 21:40:00+00	2026-11-30 21:41:00+00	1	\N	\N	\N	\N	\N	\N	1	\N	2026-12-01 14:39:41.210166+00	2026-12-01 14:39:41.210166+00
1	api_requests	customer-4	{"route": "/v1/embed"}	2026-11-30 22:18:00+00	2026-11-30 22:19:00+00	1	\N	\N	\N	\N	\N	\N	1	\N	2026-12-01 14:39:41.210166+00	2026-12-01 14:39:41.210166+00
1	api_requests	customer-4	{"route": "/v1/embed"}	2026-11-30 22:35:00+00	2026-11-30 22:36:00+00	1	\N	\N	\N	\N	\N	\N	1	\N	2026-12-01 14:39:41.210166+00	2026-12-01 14:39:41.210166+00
1	api_requests	customer-4	{"route": "/v1/embed"}	2026-11-30 22:50:00+00	2026-11-30 22:51:00+00	1	\N	\N	\N	\N	\N	\N	0	\N	2026-12-01 14:39:41.210166+00	2026-12-01 14:39:41.210166+00
1	api_requests	customer-4	{"route": "/v1/embed"}	2026-11-30 23:55:00+00	2026-11-30 23:56:00+00	1	\N	\N	\N	\N	\N	\N	1	\N	2026-12-01 14:39:41.210166+00	2026-12-01 14:39:41.210166+00
1	api_requests	customer-4	{"route": "/v1/files"}	2026-11-30 18:11:00+00	2026-11-30 18:12:00+00	1	\N	\N	\N	\N	\N	\N	1	\N	2026-12-01 14:39:41.210166+00	2026-12-01 14:39:41.210166+00
1	api_requests	customer-4	{"route": "/v1/files"}	2026-11-30 18:48:00+00	2026-11-30 18:49:00+00	1	\N	\N	\N	\N	\N	\N	1	\N	2026-12-01 14:39:41.210166+00	2026-12-01 14:39:41.210166+00
1	api_requests	customer-4	{"route": "/v1/files"}	2026-11-30 19:06:00+00	2026-11-30 19:07:00+00	1	\N	\N	\N	\N	\N	\N	1	\N	2026-12-01 14:39:41.210166+00	2026-12-01 14:39:41.210166+00
1	api_requests	customer-4	{"route": "/v1/files"}	2026-11-30 20:10:00+00	2026-11-30 20:11:00+00	1	\N	\N	\N	\N	\N	\N	1	\N	2026-12-01 14:39:41.210166+00	2026-12-01 14:39:41.210166+00
1	api_requests	customer-4	{"route": "/v1/files"}	2026-11-30 20:53:00+00	2026-11-30 20:54:00+00	1	\N	\N	\N	\N	\N	\N	1	\N	2026-12-01 14:39:41.210166+00	2026-12-01 14:39:41.210166+00
1	api_requests	customer-4	{"route": "/v1/files"}	2026-11-30 21:26:00+00	2026-11-30 21:27:00+00	1	\N	\N	\N	\N	\N	\N	1	\N	2026-12-01 14:39:41.210166+00	2026-12-01 14:39:41.210166+00
1	api_requests	customer-4	{"route": "/v1/files"}	2026-11-30 21:35:00+00	2026-11-30 21:36:00+00	1	\N	\N	\N	\N	\N	\N	1	\N	2026-12-01 14:39:41.210166+00	2026-12-01 14:39:41.210166+00
1	api_requests	customer-4	{"route": "/v1/files"}	2026-11-30 22:02:00+00	2026-11-30 22:03:00+00	1	\N	\N	\N	\N	\N	\N	1	\N	2026-12-01 14:39:41.210166+00	2026-12-01 14:39:41.210166+00
1	api_requests	customer-4	{"route": "/v1/files"}	2026-11-30 22:12:00+00	2026-11-30 22:13:00+00	1	\N	\N	\N	\N	\N	\N	1	\N	2026-12-01 14:39:41.210166+00	2026-12-01 14:39:41.210166+00
1	api_requests	customer-4	{"route": "/v1/files"}	2026-11-30 22:15:00+00	2026-11-30 22:16:00+00	1	\N	\N	\N	\N	\N	\N	1	\N	2026-12-01 14:39:41.210166+00	2026-12-01 14:39:41.210166+00
1	api_requests	customer-4	{"route": "/v1/files"}	2026-11-30 22:17:00+00	2026-11-30 22:18:00+00	1	\N	\N	\N	\N	\N	\N	1	\N	2026-12-01 14:39:41.210166+00	2026-12-01 14:39:41.210166+00
1	api_requests	customer-4	{"route": "/v1/files"}	2026-11-30 22:37:00+00	2026-11-30 22:38:00+00	1	\N	\N	\N	\N	\N	\N	1	\N	2026-12-01 14:39:41.210166+00	2026-12-01 14:39:41.210166+00
1	api_requests	customer-4	{"route": "/v1/files"}	2026-11-30 22:38:00+00	2026-11-30 22:39:00+00	1	\N	\N	\N	\N	\N	\N	1	\N	2026-12-01 14:39:41.210166+00	2026-12-01 14:39:41.210166+00
1	api_requests	customer-4	{"route": "/v1/files"}	2026-11-30 23:12:00+00	2026-11-30 23:13:00+00	1	\N	\N	\N	\N	\N	\N	1	\N	2026-12-01 14:39:41.210166+00	2026-12-01 14:39:41.210166+00
1	api_requests	customer-5	{"route": "/v1/chat"}	2026-11-30 18:13:00+00	2026-11-30 18:14:00+00	1	\N	\N	\N	\N	\N	\N	1	\N	2026-12-01 14:39:41.210166+00	2026-12-01 14:39:41.210166+00
1	api_requests	customer-5	{"route": "/v1/chat"}	2026-11-30 18:49:00+00	2026-11-30 18:50:00+00	1	\N	\N	\N	\N	\N	\N	1	\N	2026-12-01 14:39:41.210166+00	2026-12-01 14:39:41.210166+00
1	api_requests	customer-5	{"route": "/v1/chat"}	2026-11-30 19:11:00+00	2026-11-30 19:12:00+00	1	\N	\N	\N	\N	\N	\N	1	\N	2026-12-01 14:39:41.210166+00	2026-12-01 14:39:41.210166+00
1	latency_avg	customer-3	{"route": "/v1/files"}	2026-11-30 20:53:00+00	2026-11-30 20:54:00+00	1	117.593	\N	\N	\N	\N	\N	0	\N	2026-12-01 14:39:40.50656+00	2026-12-01 14:39:40.50656+00
1	latency_avg	customer-3	{"route": "/v1/files"}	2026-11-30 21:35:00+00	2026-11-30 21:36:00+00	1	150.734	\N	\N	\N	\N	\N	0	\N	2026-12-01 14:39:40.50656+00	2026-12-01 14:39:40.50656+00
1	latency_avg	customer-3	{"route": "/v1/files"}	2026-11-30 21:50:00+00	2026-11-30 21:51:00+00	1	231.646	\N	\N	\N	\N	\N	0	\N	2026-12-01 14:39:40.50656+00	2026-12-01 14:39:40.50656+00
1	latency_avg	customer-3	{"route": "/v1/files"}	2026-11-30 22:54:00+00	2026-11-30 22:55:00+00	1	27.306	\N	\N	\N	\N	\N	0	\N	2026-12-01 14:39:40.50656+00	2026-12-01 14:39:40.50656+00
1	latency_avg	customer-6	{"route": "/v1/files"}	2026-11-30 18:23:00+00	2026-11-30 18:24:00+00	1	480.279	\N	\N	\N	\N	\N	0	\N	2026-12-01 14:39:40.50656+00	2026-12-01 14:39:40.50656+00
1	latency_max	customer-2	{}	2026-11-30 20:00:00+00	2026-11-30 21:00:00+00	1	\N	\N	19.326	\N	\N	\N	0	\N	2026-12-01 14:39:40.50656+00	2026-12-01 14:39:40.50656+00
1	latency_min	customer-2	{}	2026-11-30 20:00:00+00	2026-11-30 21:00:00+00	1	\N	19.326	\N	\N	\N	\N	0	\N	2026-12-01 14:39:40.50656+00	2026-12-01 14:39:40.50656+00
1	llm_calls	customer-2	{"model": "llama-4"}	2026-11-30 19:00:00+00	2026-11-30 20:00:00+00	1	\N	\N	\N	\N	\N	\N	0	\N	2026-12-01 14:39:40.50656+00	2026-12-01 14:39:40.50656+00
1	llm_calls	customer-3	{"model": "claude-4"}	2026-11-30 21:00:00+00	2026-11-30 22:00:00+00	1	\N	\N	\N	\N	\N	\N	0	\N	2026-12-01 14:39:40.50656+00	2026-12-01 14:39:40.50656+00
1	llm_calls	customer-3	{"model": "llama-4"}	2026-11-30 21:00:00+00	2026-11-30 22:00:00+00	1	\N	\N	\N	\N	\N	\N	0	\N	2026-12-01 14:39:40.50656+00	2026-12-01 14:39:40.50656+00
1	llm_calls	customer-6	{"model": "gpt-5"}	2026-11-30 20:00:00+00	2026-11-30 21:00:00+00	1	\N	\N	\N	\N	\N	\N	0	\N	2026-12-01 14:39:40.50656+00	2026-12-01 14:39:40.50656+00
1	llm_tokens	customer-1	{"model": "claude-4", "region": "us"}	2026-11-30 18:48:00+00	2026-11-30 18:49:00+00	1	478	\N	\N	\N	\N	\N	0	\N	2026-12-01 14:39:40.50656+00	2026-12-01 14:39:40.50656+00
1	llm_tokens	customer-2	{"model": "claude-4", "region": "us"}	2026-11-30 19:25:00+00	2026-11-30 19:26:00+00	1	1086	\N	\N	\N	\N	\N	0	\N	2026-12-01 14:39:40.50656+00	2026-12-01 14:39:40.50656+00
1	llm_tokens	customer-2	{"model": "gpt-5", "region": "us"}	2026-11-30 20:56:00+00	2026-11-30 20:57:00+00	1	1998	\N	\N	\N	\N	\N	0	\N	2026-12-01 14:39:40.50656+00	2026-12-01 14:39:40.50656+00
1	llm_tokens	customer-2	{"model": "gpt-5", "region": "us"}	2026-11-30 21:13:00+00	2026-11-30 21:14:00+00	1	627	\N	\N	\N	\N	\N	0	\N	2026-12-01 14:39:40.50656+00	2026-12-01 14:39:40.50656+00
1	llm_tokens	customer-2	{"model": "gpt-5", "region": "us"}	2026-11-30 23:13:00+00	2026-11-30 23:14:00+00	1	1013	\N	\N	\N	\N	\N	0	\N	2026-12-01 14:39:40.50656+00	2026-12-01 14:39:40.50656+00
1	llm_tokens	customer-2	{"model": "llama-4", "region": "eu"}	2026-11-30 19:30:00+00	2026-11-30 19:31:00+00	1	1550	\N	\N	\N	\N	\N	0	\N	2026-12-01 14:39:40.50656+00	2026-12-01 14:39:40.50656+00
1	llm_tokens	customer-2	{"model": "llama-4", "region": "eu"}	2026-11-30 21:26:00+00	2026-11-30 21:27:00+00	1	1728	\N	\N	\N	\N	\N	0	\N	2026-12-01 14:39:40.50656+00	2026-12-01 14:39:40.50656+00
1	llm_tokens	customer-3	{"model": "claude-4", "region": "us"}	2026-11-30 21:22:00+00	2026-11-30 21:23:00+00	1	2738	\N	\N	\N	\N	\N	0	\N	2026-12-01 14:39:40.50656+00	2026-12-01 14:39:40.50656+00
1	llm_tokens	customer-3	{"model": "llama-4", "region": "eu"}	2026-11-30 21:56:00+00	2026-11-30 21:57:00+00	1	2528	\N	\N	\N	\N	\N	0	\N	2026-12-01 14:39:40.50656+00	2026-12-01 14:39:40.50656+00
1	llm_tokens	customer-6	{"model": "gpt-5", "region": "us"}	2026-11-30 20:53:00+00	2026-11-30 20:54:00+00	1	2258	\N	\N	\N	\N	\N	0	\N	2026-12-01 14:39:40.50656+00	2026-12-01 14:39:40.50656+00
1	storage_bytes	customer-2	{}	2026-11-30 21:00:00+00	2026-11-30 22:00:00+00	1	\N	\N	\N	2026-11-30 21:52:13.211+00	\\x9dd89b17e90490efb4ae20a466a54797	352108165180	0	\N	2026-12-01 14:39:40.50656+00	2026-12-01 14:39:40.50656+00
1	storage_bytes	customer-3	{}	2026-11-30 19:00:00+00	2026-11-30 20:00:00+00	1	\N	\N	\N	2026-11-30 19:35:25.256+00	\\xe9c3683b6861f4c9264c293bad266ac1	918185208763	0	\N	2026-12-01 14:39:40.50656+00	2026-12-01 14:39:40.50656+00
1	active_users	customer-1	{}	2026-11-30 00:00:00+00	2026-12-01 00:00:00+00	35	\N	\N	\N	\N	\N	\N	0	\N	2026-12-01 14:39:40.50656+00	2026-12-01 14:39:41.204471+00
1	active_users	customer-2	{}	2026-11-30 00:00:00+00	2026-12-01 00:00:00+00	26	\N	\N	\N	\N	\N	\N	0	\N	2026-12-01 14:39:40.50656+00	2026-12-01 14:39:41.204471+00
1	active_users	customer-3	{}	2026-11-30 00:00:00+00	2026-12-01 00:00:00+00	31	\N	\N	\N	\N	\N	\N	0	\N	2026-12-01 14:39:40.50656+00	2026-12-01 14:39:41.204471+00
1	active_users	customer-6	{}	2026-11-30 00:00:00+00	2026-12-01 00:00:00+00	22	\N	\N	\N	\N	\N	\N	0	\N	2026-12-01 14:39:40.50656+00	2026-12-01 14:39:41.204471+00
1	api_requests	customer-1	{"route": "/v1/chat"}	2026-11-30 18:09:00+00	2026-11-30 18:10:00+00	1	\N	\N	\N	\N	\N	\N	1	\N	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	api_requests	customer-1	{"route": "/v1/chat"}	2026-11-30 18:29:00+00	2026-11-30 18:30:00+00	1	\N	\N	\N	\N	\N	\N	1	\N	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	api_requests	customer-1	{"route": "/v1/chat"}	2026-11-30 18:45:00+00	2026-11-30 18:46:00+00	1	\N	\N	\N	\N	\N	\N	1	\N	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	api_requests	customer-1	{"route": "/v1/chat"}	2026-11-30 19:12:00+00	2026-11-30 19:13:00+00	1	\N	\N	\N	\N	\N	\N	1	\N	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	api_requests	customer-1	{"route": "/v1/chat"}	2026-11-30 19:27:00+00	2026-11-30 19:28:00+00	1	\N	\N	\N	\N	\N	\N	1	\N	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	api_requests	customer-1	{"route": "/v1/chat"}	2026-11-30 19:42:00+00	2026-11-30 19:43:00+00	1	\N	\N	\N	\N	\N	\N	1	\N	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	api_requests	customer-1	{"route": "/v1/chat"}	2026-11-30 20:06:00+00	2026-11-30 20:07:00+00	1	\N	\N	\N	\N	\N	\N	1	\N	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	api_requests	customer-1	{"route": "/v1/chat"}	2026-11-30 20:23:00+00	2026-11-30 20:24:00+00	1	\N	\N	\N	\N	\N	\N	1	\N	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	api_requests	customer-1	{"route": "/v1/chat"}	2026-11-30 20:40:00+00	2026-11-30 20:41:00+00	1	\N	\N	\N	\N	\N	\N	1	\N	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	api_requests	customer-1	{"route": "/v1/chat"}	2026-11-30 22:10:00+00	2026-11-30 22:11:00+00	1	\N	\N	\N	\N	\N	\N	1	\N	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	api_requests	customer-1	{"route": "/v1/chat"}	2026-11-30 22:59:00+00	2026-11-30 23:00:00+00	1	\N	\N	\N	\N	\N	\N	0	\N	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	api_requests	customer-1	{"route": "/v1/chat"}	2026-11-30 23:18:00+00	2026-11-30 23:19:00+00	1	\N	\N	\N	\N	\N	\N	1	\N	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	api_requests	customer-1	{"route": "/v1/chat"}	2026-11-30 23:46:00+00	2026-11-30 23:47:00+00	1	\N	\N	\N	\N	\N	\N	1	\N	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	api_requests	customer-1	{"route": "/v1/embed"}	2026-11-30 18:29:00+00	2026-11-30 18:30:00+00	1	\N	\N	\N	\N	\N	\N	1	\N	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	api_requests	customer-1	{"route": "/v1/embed"}	2026-11-30 18:32:00+00	2026-11-30 18:33:00+00	1	\N	\N	\N	\N	\N	\N	1	\N	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	api_requests	customer-1	{"route": "/v1/embed"}	2026-11-30 18:47:00+00	2026-11-30 18:48:00+00	1	\N	\N	\N	\N	\N	\N	1	\N	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	api_requests	customer-1	{"route": "/v1/embed"}	2026-11-30 19:06:00+00	2026-11-30 19:07:00+00	1	\N	\N	\N	\N	\N	\N	1	\N	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	api_requests	customer-1	{"route": "/v1/embed"}	2026-11-30 19:11:00+00	2026-11-30 19:12:00+00	1	\N	\N	\N	\N	\N	\N	1	\N	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	api_requests	customer-1	{"route": "/v1/embed"}	2026-11-30 20:29:00+00	2026-11-30 20:30:00+00	2	\N	\N	\N	\N	\N	\N	2	\N	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	api_requests	customer-1	{"route": "/v1/embed"}	2026-11-30 21:05:00+00	2026-11-30 21:06:00+00	1	\N	\N	\N	\N	\N	\N	1	\N	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	api_requests	customer-1	{"route": "/v1/embed"}	2026-11-30 22:51:00+00	2026-11-30 22:52:00+00	1	\N	\N	\N	\N	\N	\N	1	\N	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	api_requests	customer-1	{"route": "/v1/embed"}	2026-11-30 23:00:00+00	2026-11-30 23:01:00+00	1	\N	\N	\N	\N	\N	\N	1	\N	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	api_requests	customer-1	{"route": "/v1/embed"}	2026-11-30 23:51:00+00	2026-11-30 23:52:00+00	1	\N	\N	\N	\N	\N	\N	0	\N	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	api_requests	customer-1	{"route": "/v1/files"}	2026-11-30 18:40:00+00	2026-11-30 18:41:00+00	1	\N	\N	\N	\N	\N	\N	1	\N	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	api_requests	customer-1	{"route": "/v1/files"}	2026-11-30 19:49:00+00	2026-11-30 19:50:00+00	1	\N	\N	\N	\N	\N	\N	1	\N	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	api_requests	customer-1	{"route": "/v1/files"}	2026-11-30 20:46:00+00	2026-11-30 20:47:00+00	1	\N	\N	\N	\N	\N	\N	1	\N	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	api_requests	customer-1	{"route": "/v1/files"}	2026-11-30 21:13:00+00	2026-11-30 21:14:00+00	1	\N	\N	\N	\N	\N	\N	1	\N	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	api_requests	customer-1	{"route": "/v1/files"}	2026-11-30 21:46:00+00	2026-11-30 21:47:00+00	1	\N	\N	\N	\N	\N	\N	1	\N	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	api_requests	customer-1	{"route": "/v1/files"}	2026-11-30 22:14:00+00	2026-11-30 22:15:00+00	1	\N	\N	\N	\N	\N	\N	1	\N	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	api_requests	customer-1	{"route": "/v1/files"}	2026-11-30 22:16:00+00	2026-11-30 22:17:00+00	1	\N	\N	\N	\N	\N	\N	1	\N	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	api_requests	customer-1	{"route": "/v1/files"}	2026-11-30 22:57:00+00	2026-11-30 22:58:00+00	1	\N	\N	\N	\N	\N	\N	0	\N	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	api_requests	customer-1	{"route": "/v1/files"}	2026-11-30 23:17:00+00	2026-11-30 23:18:00+00	1	\N	\N	\N	\N	\N	\N	1	\N	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	api_requests	customer-1	{"route": "/v1/files"}	2026-11-30 23:41:00+00	2026-11-30 23:42:00+00	1	\N	\N	\N	\N	\N	\N	1	\N	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	api_requests	customer-2	{"route": "/v1/chat"}	2026-11-30 18:24:00+00	2026-11-30 18:25:00+00	1	\N	\N	\N	\N	\N	\N	1	\N	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	api_requests	customer-2	{"route": "/v1/chat"}	2026-11-30 18:28:00+00	2026-11-30 18:29:00+00	1	\N	\N	\N	\N	\N	\N	1	\N	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	api_requests	customer-2	{"route": "/v1/chat"}	2026-11-30 18:39:00+00	2026-11-30 18:40:00+00	1	\N	\N	\N	\N	\N	\N	1	\N	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	api_requests	customer-2	{"route": "/v1/chat"}	2026-11-30 18:56:00+00	2026-11-30 18:57:00+00	1	\N	\N	\N	\N	\N	\N	1	\N	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	api_requests	customer-2	{"route": "/v1/chat"}	2026-11-30 18:58:00+00	2026-11-30 18:59:00+00	1	\N	\N	\N	\N	\N	\N	1	\N	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	api_requests	customer-2	{"route": "/v1/chat"}	2026-11-30 19:08:00+00	2026-11-30 19:09:00+00	1	\N	\N	\N	\N	\N	\N	1	\N	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	api_requests	customer-2	{"route": "/v1/chat"}	2026-11-30 21:03:00+00	2026-11-30 21:04:00+00	1	\N	\N	\N	\N	\N	\N	1	\N	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	api_requests	customer-2	{"route": "/v1/chat"}	2026-11-30 21:10:00+00	2026-11-30 21:11:00+00	1	\N	\N	\N	\N	\N	\N	1	\N	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	api_requests	customer-2	{"route": "/v1/chat"}	2026-11-30 21:14:00+00	2026-11-30 21:15:00+00	1	\N	\N	\N	\N	\N	\N	1	\N	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	api_requests	customer-2	{"route": "/v1/chat"}	2026-11-30 21:57:00+00	2026-11-30 21:58:00+00	1	\N	\N	\N	\N	\N	\N	1	\N	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	api_requests	customer-2	{"route": "/v1/chat"}	2026-11-30 22:26:00+00	2026-11-30 22:27:00+00	1	\N	\N	\N	\N	\N	\N	1	\N	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	api_requests	customer-2	{"route": "/v1/chat"}	2026-11-30 22:30:00+00	2026-11-30 22:31:00+00	1	\N	\N	\N	\N	\N	\N	1	\N	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	api_requests	customer-2	{"route": "/v1/embed"}	2026-11-30 18:18:00+00	2026-11-30 18:19:00+00	1	\N	\N	\N	\N	\N	\N	1	\N	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	api_requests	customer-2	{"route": "/v1/embed"}	2026-11-30 19:28:00+00	2026-11-30 19:29:00+00	1	\N	\N	\N	\N	\N	\N	1	\N	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	api_requests	customer-2	{"route": "/v1/embed"}	2026-11-30 21:46:00+00	2026-11-30 21:47:00+00	1	\N	\N	\N	\N	\N	\N	1	\N	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	api_requests	customer-2	{"route": "/v1/embed"}	2026-11-30 22:08:00+00	2026-11-30 22:09:00+00	1	\N	\N	\N	\N	\N	\N	1	\N	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	api_requests	customer-2	{"route": "/v1/embed"}	2026-11-30 23:06:00+00	2026-11-30 23:07:00+00	1	\N	\N	\N	\N	\N	\N	1	\N	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	api_requests	customer-2	{"route": "/v1/embed"}	2026-11-30 23:19:00+00	2026-11-30 23:20:00+00	1	\N	\N	\N	\N	\N	\N	1	\N	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	api_requests	customer-2	{"route": "/v1/files"}	2026-11-30 21:56:00+00	2026-11-30 21:57:00+00	1	\N	\N	\N	\N	\N	\N	1	\N	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	api_requests	customer-3	{"route": "/v1/chat"}	2026-11-30 19:40:00+00	2026-11-30 19:41:00+00	1	\N	\N	\N	\N	\N	\N	1	\N	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	api_requests	customer-3	{"route": "/v1/chat"}	2026-11-30 19:43:00+00	2026-11-30 19:44:00+00	1	\N	\N	\N	\N	\N	\N	1	\N	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	api_requests	customer-3	{"route": "/v1/chat"}	2026-11-30 19:57:00+00	2026-11-30 19:58:00+00	1	\N	\N	\N	\N	\N	\N	1	\N	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	api_requests	customer-3	{"route": "/v1/chat"}	2026-11-30 20:45:00+00	2026-11-30 20:46:00+00	1	\N	\N	\N	\N	\N	\N	1	\N	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	api_requests	customer-3	{"route": "/v1/chat"}	2026-11-30 21:08:00+00	2026-11-30 21:09:00+00	1	\N	\N	\N	\N	\N	\N	1	\N	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	api_requests	customer-3	{"route": "/v1/chat"}	2026-11-30 21:30:00+00	2026-11-30 21:31:00+00	1	\N	\N	\N	\N	\N	\N	1	\N	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	api_requests	customer-3	{"route": "/v1/embed"}	2026-11-30 18:07:00+00	2026-11-30 18:08:00+00	1	\N	\N	\N	\N	\N	\N	1	\N	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	api_requests	customer-3	{"route": "/v1/embed"}	2026-11-30 18:09:00+00	2026-11-30 18:10:00+00	1	\N	\N	\N	\N	\N	\N	1	\N	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	api_requests	customer-3	{"route": "/v1/embed"}	2026-11-30 19:50:00+00	2026-11-30 19:51:00+00	1	\N	\N	\N	\N	\N	\N	1	\N	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	api_requests	customer-3	{"route": "/v1/embed"}	2026-11-30 20:13:00+00	2026-11-30 20:14:00+00	1	\N	\N	\N	\N	\N	\N	1	\N	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	api_requests	customer-3	{"route": "/v1/embed"}	2026-11-30 20:15:00+00	2026-11-30 20:16:00+00	1	\N	\N	\N	\N	\N	\N	1	\N	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	api_requests	customer-3	{"route": "/v1/embed"}	2026-11-30 20:19:00+00	2026-11-30 20:20:00+00	1	\N	\N	\N	\N	\N	\N	1	\N	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	api_requests	customer-3	{"route": "/v1/embed"}	2026-11-30 20:35:00+00	2026-11-30 20:36:00+00	1	\N	\N	\N	\N	\N	\N	1	\N	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	api_requests	customer-3	{"route": "/v1/embed"}	2026-11-30 21:13:00+00	2026-11-30 21:14:00+00	1	\N	\N	\N	\N	\N	\N	1	\N	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	api_requests	customer-3	{"route": "/v1/embed"}	2026-11-30 21:26:00+00	2026-11-30 21:27:00+00	1	\N	\N	\N	\N	\N	\N	1	\N	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	api_requests	customer-3	{"route": "/v1/embed"}	2026-11-30 22:40:00+00	2026-11-30 22:41:00+00	1	\N	\N	\N	\N	\N	\N	1	\N	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	api_requests	customer-3	{"route": "/v1/embed"}	2026-11-30 22:44:00+00	2026-11-30 22:45:00+00	1	\N	\N	\N	\N	\N	\N	1	\N	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	api_requests	customer-3	{"route": "/v1/embed"}	2026-11-30 23:16:00+00	2026-11-30 23:17:00+00	1	\N	\N	\N	\N	\N	\N	0	\N	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	api_requests	customer-3	{"route": "/v1/files"}	2026-11-30 18:44:00+00	2026-11-30 18:45:00+00	1	\N	\N	\N	\N	\N	\N	1	\N	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	api_requests	customer-3	{"route": "/v1/files"}	2026-11-30 19:36:00+00	2026-11-30 19:37:00+00	1	\N	\N	\N	\N	\N	\N	1	\N	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	api_requests	customer-3	{"route": "/v1/files"}	2026-11-30 21:20:00+00	2026-11-30 21:21:00+00	1	\N	\N	\N	\N	\N	\N	1	\N	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	api_requests	customer-3	{"route": "/v1/files"}	2026-11-30 21:48:00+00	2026-11-30 21:49:00+00	1	\N	\N	\N	\N	\N	\N	1	\N	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	api_requests	customer-3	{"route": "/v1/files"}	2026-11-30 23:22:00+00	2026-11-30 23:23:00+00	1	\N	\N	\N	\N	\N	\N	0	\N	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	api_requests	customer-6	{"route": "/v1/chat"}	2026-11-30 18:40:00+00	2026-11-30 18:41:00+00	1	\N	\N	\N	\N	\N	\N	1	\N	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	api_requests	customer-6	{"route": "/v1/chat"}	2026-11-30 18:45:00+00	2026-11-30 18:46:00+00	1	\N	\N	\N	\N	\N	\N	1	\N	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	api_requests	customer-6	{"route": "/v1/chat"}	2026-11-30 20:37:00+00	2026-11-30 20:38:00+00	1	\N	\N	\N	\N	\N	\N	1	\N	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	api_requests	customer-6	{"route": "/v1/chat"}	2026-11-30 21:27:00+00	2026-11-30 21:28:00+00	1	\N	\N	\N	\N	\N	\N	1	\N	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	api_requests	customer-6	{"route": "/v1/embed"}	2026-11-30 19:47:00+00	2026-11-30 19:48:00+00	1	\N	\N	\N	\N	\N	\N	1	\N	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	api_requests	customer-6	{"route": "/v1/embed"}	2026-11-30 20:09:00+00	2026-11-30 20:10:00+00	1	\N	\N	\N	\N	\N	\N	1	\N	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	api_requests	customer-6	{"route": "/v1/embed"}	2026-11-30 20:19:00+00	2026-11-30 20:20:00+00	1	\N	\N	\N	\N	\N	\N	1	\N	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	api_requests	customer-6	{"route": "/v1/embed"}	2026-11-30 20:59:00+00	2026-11-30 21:00:00+00	1	\N	\N	\N	\N	\N	\N	1	\N	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	api_requests	customer-6	{"route": "/v1/embed"}	2026-11-30 22:27:00+00	2026-11-30 22:28:00+00	1	\N	\N	\N	\N	\N	\N	1	\N	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	api_requests	customer-6	{"route": "/v1/embed"}	2026-11-30 23:15:00+00	2026-11-30 23:16:00+00	1	\N	\N	\N	\N	\N	\N	1	\N	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	api_requests	customer-6	{"route": "/v1/embed"}	2026-11-30 23:30:00+00	2026-11-30 23:31:00+00	1	\N	\N	\N	\N	\N	\N	0	\N	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	api_requests	customer-6	{"route": "/v1/embed"}	2026-11-30 23:35:00+00	2026-11-30 23:36:00+00	1	\N	\N	\N	\N	\N	\N	1	\N	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	api_requests	customer-6	{"route": "/v1/embed"}	2026-11-30 23:47:00+00	2026-11-30 23:48:00+00	1	\N	\N	\N	\N	\N	\N	0	\N	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	api_requests	customer-6	{"route": "/v1/files"}	2026-11-30 18:06:00+00	2026-11-30 18:07:00+00	1	\N	\N	\N	\N	\N	\N	1	\N	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	api_requests	customer-6	{"route": "/v1/files"}	2026-11-30 18:31:00+00	2026-11-30 18:32:00+00	1	\N	\N	\N	\N	\N	\N	1	\N	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	api_requests	customer-6	{"route": "/v1/files"}	2026-11-30 18:41:00+00	2026-11-30 18:42:00+00	1	\N	\N	\N	\N	\N	\N	1	\N	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	api_requests	customer-6	{"route": "/v1/files"}	2026-11-30 19:14:00+00	2026-11-30 19:15:00+00	1	\N	\N	\N	\N	\N	\N	1	\N	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	api_requests	customer-6	{"route": "/v1/files"}	2026-11-30 21:02:00+00	2026-11-30 21:03:00+00	1	\N	\N	\N	\N	\N	\N	1	\N	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	api_requests	customer-6	{"route": "/v1/files"}	2026-11-30 21:13:00+00	2026-11-30 21:14:00+00	1	\N	\N	\N	\N	\N	\N	1	\N	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	api_requests	customer-6	{"route": "/v1/files"}	2026-11-30 22:31:00+00	2026-11-30 22:32:00+00	1	\N	\N	\N	\N	\N	\N	1	\N	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	api_requests	customer-6	{"route": "/v1/files"}	2026-11-30 22:48:00+00	2026-11-30 22:49:00+00	1	\N	\N	\N	\N	\N	\N	1	\N	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	latency_avg	customer-1	{"route": "/v1/chat"}	2026-11-30 18:09:00+00	2026-11-30 18:10:00+00	1	141.948	\N	\N	\N	\N	\N	1	141.948	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	latency_avg	customer-1	{"route": "/v1/chat"}	2026-11-30 18:29:00+00	2026-11-30 18:30:00+00	1	216.768	\N	\N	\N	\N	\N	1	216.768	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	latency_avg	customer-1	{"route": "/v1/chat"}	2026-11-30 18:45:00+00	2026-11-30 18:46:00+00	1	319.664	\N	\N	\N	\N	\N	1	319.664	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	latency_avg	customer-1	{"route": "/v1/chat"}	2026-11-30 19:12:00+00	2026-11-30 19:13:00+00	1	158.149	\N	\N	\N	\N	\N	1	158.149	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	latency_avg	customer-1	{"route": "/v1/chat"}	2026-11-30 19:27:00+00	2026-11-30 19:28:00+00	1	450.915	\N	\N	\N	\N	\N	1	450.915	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	latency_avg	customer-1	{"route": "/v1/chat"}	2026-11-30 19:42:00+00	2026-11-30 19:43:00+00	1	11.877	\N	\N	\N	\N	\N	1	11.877	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	latency_avg	customer-1	{"route": "/v1/chat"}	2026-11-30 20:06:00+00	2026-11-30 20:07:00+00	1	342.197	\N	\N	\N	\N	\N	1	342.197	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	latency_avg	customer-1	{"route": "/v1/chat"}	2026-11-30 20:23:00+00	2026-11-30 20:24:00+00	1	66.609	\N	\N	\N	\N	\N	1	66.609	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	latency_avg	customer-1	{"route": "/v1/chat"}	2026-11-30 20:40:00+00	2026-11-30 20:41:00+00	1	213.983	\N	\N	\N	\N	\N	1	213.983	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	latency_avg	customer-1	{"route": "/v1/chat"}	2026-11-30 22:10:00+00	2026-11-30 22:11:00+00	1	286.415	\N	\N	\N	\N	\N	1	286.415	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	latency_avg	customer-1	{"route": "/v1/chat"}	2026-11-30 22:59:00+00	2026-11-30 23:00:00+00	1	224.426	\N	\N	\N	\N	\N	0	\N	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	latency_avg	customer-1	{"route": "/v1/chat"}	2026-11-30 23:18:00+00	2026-11-30 23:19:00+00	1	351.400	\N	\N	\N	\N	\N	1	351.400	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	latency_avg	customer-1	{"route": "/v1/chat"}	2026-11-30 23:46:00+00	2026-11-30 23:47:00+00	1	423.461	\N	\N	\N	\N	\N	1	423.461	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	latency_avg	customer-1	{"route": "/v1/embed"}	2026-11-30 18:29:00+00	2026-11-30 18:30:00+00	1	62.446	\N	\N	\N	\N	\N	1	62.446	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	latency_avg	customer-1	{"route": "/v1/embed"}	2026-11-30 18:32:00+00	2026-11-30 18:33:00+00	1	139.368	\N	\N	\N	\N	\N	1	139.368	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	latency_avg	customer-1	{"route": "/v1/embed"}	2026-11-30 18:47:00+00	2026-11-30 18:48:00+00	1	35.435	\N	\N	\N	\N	\N	1	35.435	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	latency_avg	customer-1	{"route": "/v1/embed"}	2026-11-30 19:06:00+00	2026-11-30 19:07:00+00	1	424.123	\N	\N	\N	\N	\N	1	424.123	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	latency_avg	customer-1	{"route": "/v1/embed"}	2026-11-30 19:11:00+00	2026-11-30 19:12:00+00	1	269.868	\N	\N	\N	\N	\N	1	269.868	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	latency_avg	customer-1	{"route": "/v1/embed"}	2026-11-30 20:29:00+00	2026-11-30 20:30:00+00	2	391.293	\N	\N	\N	\N	\N	2	391.293	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	latency_avg	customer-1	{"route": "/v1/embed"}	2026-11-30 21:05:00+00	2026-11-30 21:06:00+00	1	91.667	\N	\N	\N	\N	\N	1	91.667	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	latency_avg	customer-1	{"route": "/v1/embed"}	2026-11-30 22:51:00+00	2026-11-30 22:52:00+00	1	404.652	\N	\N	\N	\N	\N	1	404.652	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	latency_avg	customer-1	{"route": "/v1/embed"}	2026-11-30 23:00:00+00	2026-11-30 23:01:00+00	1	494.340	\N	\N	\N	\N	\N	1	494.340	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	latency_avg	customer-1	{"route": "/v1/embed"}	2026-11-30 23:51:00+00	2026-11-30 23:52:00+00	1	469.437	\N	\N	\N	\N	\N	0	\N	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	latency_avg	customer-1	{"route": "/v1/files"}	2026-11-30 18:40:00+00	2026-11-30 18:41:00+00	1	485.466	\N	\N	\N	\N	\N	1	485.466	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	latency_avg	customer-1	{"route": "/v1/files"}	2026-11-30 19:49:00+00	2026-11-30 19:50:00+00	1	149.279	\N	\N	\N	\N	\N	1	149.279	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	latency_avg	customer-1	{"route": "/v1/files"}	2026-11-30 20:46:00+00	2026-11-30 20:47:00+00	1	105.808	\N	\N	\N	\N	\N	1	105.808	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	latency_avg	customer-1	{"route": "/v1/files"}	2026-11-30 21:13:00+00	2026-11-30 21:14:00+00	1	245.065	\N	\N	\N	\N	\N	1	245.065	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	latency_avg	customer-1	{"route": "/v1/files"}	2026-11-30 21:46:00+00	2026-11-30 21:47:00+00	1	108.479	\N	\N	\N	\N	\N	1	108.479	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	latency_avg	customer-1	{"route": "/v1/files"}	2026-11-30 22:14:00+00	2026-11-30 22:15:00+00	1	3.605	\N	\N	\N	\N	\N	1	3.605	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	latency_avg	customer-1	{"route": "/v1/files"}	2026-11-30 22:16:00+00	2026-11-30 22:17:00+00	1	244.621	\N	\N	\N	\N	\N	1	244.621	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	latency_avg	customer-1	{"route": "/v1/files"}	2026-11-30 22:57:00+00	2026-11-30 22:58:00+00	1	297.082	\N	\N	\N	\N	\N	0	\N	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	latency_avg	customer-1	{"route": "/v1/files"}	2026-11-30 23:17:00+00	2026-11-30 23:18:00+00	1	4.809	\N	\N	\N	\N	\N	1	4.809	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	latency_avg	customer-1	{"route": "/v1/files"}	2026-11-30 23:41:00+00	2026-11-30 23:42:00+00	1	99.162	\N	\N	\N	\N	\N	1	99.162	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	latency_avg	customer-2	{"route": "/v1/chat"}	2026-11-30 18:24:00+00	2026-11-30 18:25:00+00	1	451.016	\N	\N	\N	\N	\N	1	451.016	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	latency_avg	customer-2	{"route": "/v1/chat"}	2026-11-30 18:28:00+00	2026-11-30 18:29:00+00	1	412.676	\N	\N	\N	\N	\N	1	412.676	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	latency_avg	customer-2	{"route": "/v1/chat"}	2026-11-30 18:39:00+00	2026-11-30 18:40:00+00	1	65.572	\N	\N	\N	\N	\N	1	65.572	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	latency_avg	customer-2	{"route": "/v1/chat"}	2026-11-30 18:56:00+00	2026-11-30 18:57:00+00	1	340.578	\N	\N	\N	\N	\N	1	340.578	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	latency_avg	customer-2	{"route": "/v1/chat"}	2026-11-30 18:58:00+00	2026-11-30 18:59:00+00	1	186.039	\N	\N	\N	\N	\N	1	186.039	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	latency_avg	customer-2	{"route": "/v1/chat"}	2026-11-30 19:08:00+00	2026-11-30 19:09:00+00	1	405.924	\N	\N	\N	\N	\N	1	405.924	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	latency_avg	customer-2	{"route": "/v1/chat"}	2026-11-30 21:03:00+00	2026-11-30 21:04:00+00	1	233.966	\N	\N	\N	\N	\N	1	233.966	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	latency_avg	customer-2	{"route": "/v1/chat"}	2026-11-30 21:10:00+00	2026-11-30 21:11:00+00	1	16.770	\N	\N	\N	\N	\N	1	16.770	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	latency_avg	customer-2	{"route": "/v1/chat"}	2026-11-30 21:14:00+00	2026-11-30 21:15:00+00	1	362.775	\N	\N	\N	\N	\N	1	362.775	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	latency_avg	customer-2	{"route": "/v1/chat"}	2026-11-30 21:57:00+00	2026-11-30 21:58:00+00	1	325.232	\N	\N	\N	\N	\N	1	325.232	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	latency_avg	customer-2	{"route": "/v1/chat"}	2026-11-30 22:26:00+00	2026-11-30 22:27:00+00	1	259.146	\N	\N	\N	\N	\N	1	259.146	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	latency_avg	customer-2	{"route": "/v1/chat"}	2026-11-30 22:30:00+00	2026-11-30 22:31:00+00	1	428.944	\N	\N	\N	\N	\N	1	428.944	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	latency_avg	customer-2	{"route": "/v1/embed"}	2026-11-30 18:18:00+00	2026-11-30 18:19:00+00	1	384.088	\N	\N	\N	\N	\N	1	384.088	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	latency_avg	customer-2	{"route": "/v1/embed"}	2026-11-30 19:28:00+00	2026-11-30 19:29:00+00	1	10.879	\N	\N	\N	\N	\N	1	10.879	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	latency_avg	customer-2	{"route": "/v1/embed"}	2026-11-30 21:46:00+00	2026-11-30 21:47:00+00	1	150.941	\N	\N	\N	\N	\N	1	150.941	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	latency_avg	customer-2	{"route": "/v1/embed"}	2026-11-30 22:08:00+00	2026-11-30 22:09:00+00	1	355.174	\N	\N	\N	\N	\N	1	355.174	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	latency_avg	customer-2	{"route": "/v1/embed"}	2026-11-30 23:06:00+00	2026-11-30 23:07:00+00	1	92.541	\N	\N	\N	\N	\N	1	92.541	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	latency_avg	customer-2	{"route": "/v1/embed"}	2026-11-30 23:19:00+00	2026-11-30 23:20:00+00	1	26.335	\N	\N	\N	\N	\N	1	26.335	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	latency_avg	customer-2	{"route": "/v1/files"}	2026-11-30 21:56:00+00	2026-11-30 21:57:00+00	1	436.560	\N	\N	\N	\N	\N	1	436.560	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	latency_avg	customer-3	{"route": "/v1/chat"}	2026-11-30 19:40:00+00	2026-11-30 19:41:00+00	1	166.066	\N	\N	\N	\N	\N	1	166.066	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	latency_avg	customer-3	{"route": "/v1/chat"}	2026-11-30 19:43:00+00	2026-11-30 19:44:00+00	1	469.079	\N	\N	\N	\N	\N	1	469.079	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	latency_avg	customer-3	{"route": "/v1/chat"}	2026-11-30 19:57:00+00	2026-11-30 19:58:00+00	1	76.273	\N	\N	\N	\N	\N	1	76.273	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	latency_avg	customer-3	{"route": "/v1/chat"}	2026-11-30 20:45:00+00	2026-11-30 20:46:00+00	1	315.862	\N	\N	\N	\N	\N	1	315.862	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	latency_avg	customer-3	{"route": "/v1/chat"}	2026-11-30 21:08:00+00	2026-11-30 21:09:00+00	1	485.982	\N	\N	\N	\N	\N	1	485.982	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	latency_avg	customer-3	{"route": "/v1/chat"}	2026-11-30 21:30:00+00	2026-11-30 21:31:00+00	1	168.957	\N	\N	\N	\N	\N	1	168.957	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	latency_avg	customer-3	{"route": "/v1/embed"}	2026-11-30 18:07:00+00	2026-11-30 18:08:00+00	1	498.288	\N	\N	\N	\N	\N	1	498.288	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	latency_avg	customer-3	{"route": "/v1/embed"}	2026-11-30 18:09:00+00	2026-11-30 18:10:00+00	1	300.114	\N	\N	\N	\N	\N	1	300.114	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	latency_avg	customer-3	{"route": "/v1/embed"}	2026-11-30 19:50:00+00	2026-11-30 19:51:00+00	1	492.694	\N	\N	\N	\N	\N	1	492.694	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	latency_avg	customer-3	{"route": "/v1/embed"}	2026-11-30 20:13:00+00	2026-11-30 20:14:00+00	1	209.231	\N	\N	\N	\N	\N	1	209.231	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	latency_avg	customer-3	{"route": "/v1/embed"}	2026-11-30 20:15:00+00	2026-11-30 20:16:00+00	1	116.225	\N	\N	\N	\N	\N	1	116.225	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	latency_avg	customer-3	{"route": "/v1/embed"}	2026-11-30 20:19:00+00	2026-11-30 20:20:00+00	1	16.418	\N	\N	\N	\N	\N	1	16.418	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	latency_avg	customer-3	{"route": "/v1/embed"}	2026-11-30 20:35:00+00	2026-11-30 20:36:00+00	1	492.933	\N	\N	\N	\N	\N	1	492.933	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	latency_avg	customer-3	{"route": "/v1/embed"}	2026-11-30 21:13:00+00	2026-11-30 21:14:00+00	1	93.601	\N	\N	\N	\N	\N	1	93.601	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	latency_avg	customer-3	{"route": "/v1/embed"}	2026-11-30 21:26:00+00	2026-11-30 21:27:00+00	1	149.237	\N	\N	\N	\N	\N	1	149.237	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	latency_avg	customer-3	{"route": "/v1/embed"}	2026-11-30 22:40:00+00	2026-11-30 22:41:00+00	1	197.641	\N	\N	\N	\N	\N	1	197.641	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	latency_avg	customer-3	{"route": "/v1/embed"}	2026-11-30 22:44:00+00	2026-11-30 22:45:00+00	1	234.352	\N	\N	\N	\N	\N	1	234.352	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	latency_avg	customer-3	{"route": "/v1/embed"}	2026-11-30 23:16:00+00	2026-11-30 23:17:00+00	1	125.869	\N	\N	\N	\N	\N	0	\N	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	latency_avg	customer-3	{"route": "/v1/files"}	2026-11-30 18:44:00+00	2026-11-30 18:45:00+00	1	176.133	\N	\N	\N	\N	\N	1	176.133	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	latency_avg	customer-3	{"route": "/v1/files"}	2026-11-30 19:36:00+00	2026-11-30 19:37:00+00	1	41.071	\N	\N	\N	\N	\N	1	41.071	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	latency_avg	customer-3	{"route": "/v1/files"}	2026-11-30 21:20:00+00	2026-11-30 21:21:00+00	1	42.734	\N	\N	\N	\N	\N	1	42.734	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	latency_avg	customer-3	{"route": "/v1/files"}	2026-11-30 21:48:00+00	2026-11-30 21:49:00+00	1	307.465	\N	\N	\N	\N	\N	1	307.465	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	latency_avg	customer-3	{"route": "/v1/files"}	2026-11-30 23:22:00+00	2026-11-30 23:23:00+00	1	373.466	\N	\N	\N	\N	\N	0	\N	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	latency_avg	customer-6	{"route": "/v1/chat"}	2026-11-30 18:40:00+00	2026-11-30 18:41:00+00	1	376.402	\N	\N	\N	\N	\N	1	376.402	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	latency_avg	customer-6	{"route": "/v1/chat"}	2026-11-30 18:45:00+00	2026-11-30 18:46:00+00	1	320.068	\N	\N	\N	\N	\N	1	320.068	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	latency_avg	customer-6	{"route": "/v1/chat"}	2026-11-30 20:37:00+00	2026-11-30 20:38:00+00	1	261.422	\N	\N	\N	\N	\N	1	261.422	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	latency_avg	customer-6	{"route": "/v1/chat"}	2026-11-30 21:27:00+00	2026-11-30 21:28:00+00	1	314.846	\N	\N	\N	\N	\N	1	314.846	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	latency_avg	customer-6	{"route": "/v1/embed"}	2026-11-30 19:47:00+00	2026-11-30 19:48:00+00	1	473.732	\N	\N	\N	\N	\N	1	473.732	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	latency_avg	customer-6	{"route": "/v1/embed"}	2026-11-30 20:09:00+00	2026-11-30 20:10:00+00	1	329.252	\N	\N	\N	\N	\N	1	329.252	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	latency_avg	customer-6	{"route": "/v1/embed"}	2026-11-30 20:19:00+00	2026-11-30 20:20:00+00	1	64.263	\N	\N	\N	\N	\N	1	64.263	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	latency_avg	customer-6	{"route": "/v1/embed"}	2026-11-30 20:59:00+00	2026-11-30 21:00:00+00	1	472.045	\N	\N	\N	\N	\N	1	472.045	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	latency_avg	customer-6	{"route": "/v1/embed"}	2026-11-30 22:27:00+00	2026-11-30 22:28:00+00	1	161.529	\N	\N	\N	\N	\N	1	161.529	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	latency_avg	customer-6	{"route": "/v1/embed"}	2026-11-30 23:15:00+00	2026-11-30 23:16:00+00	1	252.876	\N	\N	\N	\N	\N	1	252.876	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	latency_avg	customer-6	{"route": "/v1/embed"}	2026-11-30 23:30:00+00	2026-11-30 23:31:00+00	1	136.885	\N	\N	\N	\N	\N	0	\N	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	latency_avg	customer-6	{"route": "/v1/embed"}	2026-11-30 23:35:00+00	2026-11-30 23:36:00+00	1	227.476	\N	\N	\N	\N	\N	1	227.476	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	latency_avg	customer-6	{"route": "/v1/embed"}	2026-11-30 23:47:00+00	2026-11-30 23:48:00+00	1	146.636	\N	\N	\N	\N	\N	0	\N	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	latency_avg	customer-6	{"route": "/v1/files"}	2026-11-30 18:06:00+00	2026-11-30 18:07:00+00	1	296.236	\N	\N	\N	\N	\N	1	296.236	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	latency_avg	customer-6	{"route": "/v1/files"}	2026-11-30 18:31:00+00	2026-11-30 18:32:00+00	1	355.269	\N	\N	\N	\N	\N	1	355.269	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	latency_avg	customer-6	{"route": "/v1/files"}	2026-11-30 18:41:00+00	2026-11-30 18:42:00+00	1	454.991	\N	\N	\N	\N	\N	1	454.991	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	latency_avg	customer-6	{"route": "/v1/files"}	2026-11-30 19:14:00+00	2026-11-30 19:15:00+00	1	367.166	\N	\N	\N	\N	\N	1	367.166	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	latency_avg	customer-6	{"route": "/v1/files"}	2026-11-30 21:02:00+00	2026-11-30 21:03:00+00	1	401.153	\N	\N	\N	\N	\N	1	401.153	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	latency_avg	customer-6	{"route": "/v1/files"}	2026-11-30 21:13:00+00	2026-11-30 21:14:00+00	1	371.352	\N	\N	\N	\N	\N	1	371.352	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	latency_avg	customer-6	{"route": "/v1/files"}	2026-11-30 22:31:00+00	2026-11-30 22:32:00+00	1	180.799	\N	\N	\N	\N	\N	1	180.799	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	latency_avg	customer-6	{"route": "/v1/files"}	2026-11-30 22:48:00+00	2026-11-30 22:49:00+00	1	199.579	\N	\N	\N	\N	\N	1	199.579	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	latency_max	customer-1	{}	2026-11-30 18:00:00+00	2026-11-30 19:00:00+00	8	\N	\N	485.466	\N	\N	\N	7	\N	2026-12-01 14:39:40.50656+00	2026-12-01 14:39:41.204471+00
1	latency_max	customer-1	{}	2026-11-30 19:00:00+00	2026-11-30 20:00:00+00	6	\N	\N	450.915	\N	\N	\N	6	\N	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	latency_max	customer-1	{}	2026-11-30 20:00:00+00	2026-11-30 21:00:00+00	6	\N	\N	342.197	\N	\N	\N	6	\N	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	latency_max	customer-1	{}	2026-11-30 21:00:00+00	2026-11-30 22:00:00+00	3	\N	\N	245.065	\N	\N	\N	3	\N	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	latency_max	customer-1	{}	2026-11-30 22:00:00+00	2026-11-30 23:00:00+00	6	\N	\N	404.652	\N	\N	\N	3	\N	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	latency_max	customer-1	{}	2026-11-30 23:00:00+00	2026-12-01 00:00:00+00	6	\N	\N	494.340	\N	\N	\N	0	\N	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	latency_max	customer-2	{}	2026-11-30 18:00:00+00	2026-11-30 19:00:00+00	7	\N	\N	451.016	\N	\N	\N	6	\N	2026-12-01 14:39:40.50656+00	2026-12-01 14:39:41.204471+00
1	latency_max	customer-2	{}	2026-11-30 19:00:00+00	2026-11-30 20:00:00+00	3	\N	\N	405.924	\N	\N	\N	2	\N	2026-12-01 14:39:40.50656+00	2026-12-01 14:39:41.204471+00
1	latency_max	customer-2	{}	2026-11-30 21:00:00+00	2026-11-30 22:00:00+00	7	\N	\N	436.560	\N	\N	\N	6	\N	2026-12-01 14:39:40.50656+00	2026-12-01 14:39:41.204471+00
1	latency_max	customer-2	{}	2026-11-30 22:00:00+00	2026-11-30 23:00:00+00	4	\N	\N	428.944	\N	\N	\N	3	\N	2026-12-01 14:39:40.50656+00	2026-12-01 14:39:41.204471+00
1	latency_max	customer-2	{}	2026-11-30 23:00:00+00	2026-12-01 00:00:00+00	4	\N	\N	150.909	\N	\N	\N	0	\N	2026-12-01 14:39:40.50656+00	2026-12-01 14:39:41.204471+00
1	latency_max	customer-3	{}	2026-11-30 18:00:00+00	2026-11-30 19:00:00+00	5	\N	\N	498.288	\N	\N	\N	3	\N	2026-12-01 14:39:40.50656+00	2026-12-01 14:39:41.204471+00
1	latency_max	customer-3	{}	2026-11-30 19:00:00+00	2026-11-30 20:00:00+00	5	\N	\N	492.694	\N	\N	\N	5	\N	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	latency_max	customer-3	{}	2026-11-30 20:00:00+00	2026-11-30 21:00:00+00	7	\N	\N	492.933	\N	\N	\N	5	\N	2026-12-01 14:39:40.50656+00	2026-12-01 14:39:41.204471+00
1	latency_max	customer-3	{}	2026-11-30 21:00:00+00	2026-11-30 22:00:00+00	8	\N	\N	485.982	\N	\N	\N	6	\N	2026-12-01 14:39:40.50656+00	2026-12-01 14:39:41.204471+00
1	latency_max	customer-3	{}	2026-11-30 22:00:00+00	2026-11-30 23:00:00+00	4	\N	\N	293.926	\N	\N	\N	0	\N	2026-12-01 14:39:40.50656+00	2026-12-01 14:39:41.204471+00
1	latency_max	customer-3	{}	2026-11-30 23:00:00+00	2026-12-01 00:00:00+00	2	\N	\N	373.466	\N	\N	\N	0	\N	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	latency_max	customer-6	{}	2026-11-30 18:00:00+00	2026-11-30 19:00:00+00	6	\N	\N	480.279	\N	\N	\N	5	\N	2026-12-01 14:39:40.50656+00	2026-12-01 14:39:41.204471+00
1	latency_max	customer-6	{}	2026-11-30 19:00:00+00	2026-11-30 20:00:00+00	2	\N	\N	473.732	\N	\N	\N	2	\N	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	latency_max	customer-6	{}	2026-11-30 20:00:00+00	2026-11-30 21:00:00+00	4	\N	\N	472.045	\N	\N	\N	4	\N	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	latency_max	customer-6	{}	2026-11-30 21:00:00+00	2026-11-30 22:00:00+00	3	\N	\N	401.153	\N	\N	\N	3	\N	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	latency_max	customer-6	{}	2026-11-30 22:00:00+00	2026-11-30 23:00:00+00	3	\N	\N	199.579	\N	\N	\N	2	\N	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	latency_max	customer-6	{}	2026-11-30 23:00:00+00	2026-12-01 00:00:00+00	4	\N	\N	252.876	\N	\N	\N	0	\N	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	latency_min	customer-1	{}	2026-11-30 18:00:00+00	2026-11-30 19:00:00+00	8	\N	35.435	\N	\N	\N	\N	7	\N	2026-12-01 14:39:40.50656+00	2026-12-01 14:39:41.204471+00
1	latency_min	customer-1	{}	2026-11-30 19:00:00+00	2026-11-30 20:00:00+00	6	\N	11.877	\N	\N	\N	\N	6	\N	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	latency_min	customer-1	{}	2026-11-30 20:00:00+00	2026-11-30 21:00:00+00	6	\N	66.609	\N	\N	\N	\N	6	\N	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	latency_min	customer-1	{}	2026-11-30 21:00:00+00	2026-11-30 22:00:00+00	3	\N	91.667	\N	\N	\N	\N	3	\N	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	latency_min	customer-1	{}	2026-11-30 22:00:00+00	2026-11-30 23:00:00+00	6	\N	3.605	\N	\N	\N	\N	3	\N	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	latency_min	customer-1	{}	2026-11-30 23:00:00+00	2026-12-01 00:00:00+00	6	\N	4.809	\N	\N	\N	\N	0	\N	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	latency_min	customer-2	{}	2026-11-30 18:00:00+00	2026-11-30 19:00:00+00	7	\N	65.572	\N	\N	\N	\N	6	\N	2026-12-01 14:39:40.50656+00	2026-12-01 14:39:41.204471+00
1	latency_min	customer-2	{}	2026-11-30 19:00:00+00	2026-11-30 20:00:00+00	3	\N	10.879	\N	\N	\N	\N	2	\N	2026-12-01 14:39:40.50656+00	2026-12-01 14:39:41.204471+00
1	latency_min	customer-2	{}	2026-11-30 21:00:00+00	2026-11-30 22:00:00+00	7	\N	16.770	\N	\N	\N	\N	6	\N	2026-12-01 14:39:40.50656+00	2026-12-01 14:39:41.204471+00
1	latency_min	customer-2	{}	2026-11-30 22:00:00+00	2026-11-30 23:00:00+00	4	\N	220.765	\N	\N	\N	\N	3	\N	2026-12-01 14:39:40.50656+00	2026-12-01 14:39:41.204471+00
1	latency_min	customer-2	{}	2026-11-30 23:00:00+00	2026-12-01 00:00:00+00	4	\N	26.335	\N	\N	\N	\N	0	\N	2026-12-01 14:39:40.50656+00	2026-12-01 14:39:41.204471+00
1	latency_min	customer-3	{}	2026-11-30 18:00:00+00	2026-11-30 19:00:00+00	5	\N	174.173	\N	\N	\N	\N	3	\N	2026-12-01 14:39:40.50656+00	2026-12-01 14:39:41.204471+00
1	latency_min	customer-3	{}	2026-11-30 19:00:00+00	2026-11-30 20:00:00+00	5	\N	41.071	\N	\N	\N	\N	5	\N	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	latency_min	customer-3	{}	2026-11-30 20:00:00+00	2026-11-30 21:00:00+00	7	\N	16.418	\N	\N	\N	\N	5	\N	2026-12-01 14:39:40.50656+00	2026-12-01 14:39:41.204471+00
1	latency_min	customer-3	{}	2026-11-30 21:00:00+00	2026-11-30 22:00:00+00	8	\N	42.734	\N	\N	\N	\N	6	\N	2026-12-01 14:39:40.50656+00	2026-12-01 14:39:41.204471+00
1	latency_min	customer-3	{}	2026-11-30 22:00:00+00	2026-11-30 23:00:00+00	4	\N	27.306	\N	\N	\N	\N	0	\N	2026-12-01 14:39:40.50656+00	2026-12-01 14:39:41.204471+00
1	latency_min	customer-3	{}	2026-11-30 23:00:00+00	2026-12-01 00:00:00+00	2	\N	125.869	\N	\N	\N	\N	0	\N	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	latency_min	customer-6	{}	2026-11-30 18:00:00+00	2026-11-30 19:00:00+00	6	\N	296.236	\N	\N	\N	\N	5	\N	2026-12-01 14:39:40.50656+00	2026-12-01 14:39:41.204471+00
1	latency_min	customer-6	{}	2026-11-30 19:00:00+00	2026-11-30 20:00:00+00	2	\N	367.166	\N	\N	\N	\N	2	\N	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	latency_min	customer-6	{}	2026-11-30 20:00:00+00	2026-11-30 21:00:00+00	4	\N	64.263	\N	\N	\N	\N	4	\N	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	latency_min	customer-6	{}	2026-11-30 21:00:00+00	2026-11-30 22:00:00+00	3	\N	314.846	\N	\N	\N	\N	3	\N	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	latency_min	customer-6	{}	2026-11-30 22:00:00+00	2026-11-30 23:00:00+00	3	\N	161.529	\N	\N	\N	\N	2	\N	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	latency_min	customer-6	{}	2026-11-30 23:00:00+00	2026-12-01 00:00:00+00	4	\N	136.885	\N	\N	\N	\N	0	\N	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	llm_calls	customer-1	{"model": "claude-4"}	2026-11-30 18:00:00+00	2026-11-30 19:00:00+00	2	\N	\N	\N	\N	\N	\N	1	\N	2026-12-01 14:39:40.50656+00	2026-12-01 14:39:41.204471+00
1	llm_calls	customer-1	{"model": "claude-4"}	2026-11-30 19:00:00+00	2026-11-30 20:00:00+00	2	\N	\N	\N	\N	\N	\N	2	\N	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	llm_calls	customer-1	{"model": "claude-4"}	2026-11-30 21:00:00+00	2026-11-30 22:00:00+00	2	\N	\N	\N	\N	\N	\N	2	\N	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	llm_calls	customer-1	{"model": "claude-4"}	2026-11-30 22:00:00+00	2026-11-30 23:00:00+00	1	\N	\N	\N	\N	\N	\N	1	\N	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	llm_calls	customer-1	{"model": "claude-4"}	2026-11-30 23:00:00+00	2026-12-01 00:00:00+00	2	\N	\N	\N	\N	\N	\N	0	\N	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	llm_calls	customer-1	{"model": "gpt-5"}	2026-11-30 18:00:00+00	2026-11-30 19:00:00+00	2	\N	\N	\N	\N	\N	\N	2	\N	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	llm_calls	customer-1	{"model": "gpt-5"}	2026-11-30 19:00:00+00	2026-11-30 20:00:00+00	1	\N	\N	\N	\N	\N	\N	1	\N	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	llm_calls	customer-1	{"model": "gpt-5"}	2026-11-30 20:00:00+00	2026-11-30 21:00:00+00	4	\N	\N	\N	\N	\N	\N	4	\N	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	llm_calls	customer-1	{"model": "gpt-5"}	2026-11-30 21:00:00+00	2026-11-30 22:00:00+00	1	\N	\N	\N	\N	\N	\N	1	\N	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	llm_calls	customer-1	{"model": "gpt-5"}	2026-11-30 22:00:00+00	2026-11-30 23:00:00+00	2	\N	\N	\N	\N	\N	\N	1	\N	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	llm_calls	customer-1	{"model": "gpt-5"}	2026-11-30 23:00:00+00	2026-12-01 00:00:00+00	1	\N	\N	\N	\N	\N	\N	0	\N	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	llm_calls	customer-1	{"model": "llama-4"}	2026-11-30 18:00:00+00	2026-11-30 19:00:00+00	1	\N	\N	\N	\N	\N	\N	1	\N	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	llm_calls	customer-1	{"model": "llama-4"}	2026-11-30 19:00:00+00	2026-11-30 20:00:00+00	2	\N	\N	\N	\N	\N	\N	2	\N	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	llm_calls	customer-1	{"model": "llama-4"}	2026-11-30 21:00:00+00	2026-11-30 22:00:00+00	1	\N	\N	\N	\N	\N	\N	1	\N	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	llm_calls	customer-1	{"model": "llama-4"}	2026-11-30 22:00:00+00	2026-11-30 23:00:00+00	2	\N	\N	\N	\N	\N	\N	2	\N	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	llm_calls	customer-1	{"model": "llama-4"}	2026-11-30 23:00:00+00	2026-12-01 00:00:00+00	3	\N	\N	\N	\N	\N	\N	0	\N	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	llm_calls	customer-2	{"model": "claude-4"}	2026-11-30 18:00:00+00	2026-11-30 19:00:00+00	1	\N	\N	\N	\N	\N	\N	1	\N	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	llm_calls	customer-2	{"model": "claude-4"}	2026-11-30 19:00:00+00	2026-11-30 20:00:00+00	2	\N	\N	\N	\N	\N	\N	1	\N	2026-12-01 14:39:40.50656+00	2026-12-01 14:39:41.204471+00
1	llm_calls	customer-2	{"model": "claude-4"}	2026-11-30 21:00:00+00	2026-11-30 22:00:00+00	4	\N	\N	\N	\N	\N	\N	4	\N	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	llm_calls	customer-2	{"model": "claude-4"}	2026-11-30 22:00:00+00	2026-11-30 23:00:00+00	1	\N	\N	\N	\N	\N	\N	1	\N	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	llm_calls	customer-2	{"model": "gpt-5"}	2026-11-30 18:00:00+00	2026-11-30 19:00:00+00	2	\N	\N	\N	\N	\N	\N	2	\N	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	llm_calls	customer-2	{"model": "gpt-5"}	2026-11-30 20:00:00+00	2026-11-30 21:00:00+00	2	\N	\N	\N	\N	\N	\N	1	\N	2026-12-01 14:39:40.50656+00	2026-12-01 14:39:41.204471+00
1	llm_calls	customer-2	{"model": "gpt-5"}	2026-11-30 21:00:00+00	2026-11-30 22:00:00+00	2	\N	\N	\N	\N	\N	\N	1	\N	2026-12-01 14:39:40.50656+00	2026-12-01 14:39:41.204471+00
1	llm_calls	customer-2	{"model": "gpt-5"}	2026-11-30 22:00:00+00	2026-11-30 23:00:00+00	3	\N	\N	\N	\N	\N	\N	3	\N	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	llm_calls	customer-2	{"model": "gpt-5"}	2026-11-30 23:00:00+00	2026-12-01 00:00:00+00	3	\N	\N	\N	\N	\N	\N	0	\N	2026-12-01 14:39:40.50656+00	2026-12-01 14:39:41.204471+00
1	llm_calls	customer-2	{"model": "llama-4"}	2026-11-30 20:00:00+00	2026-11-30 21:00:00+00	1	\N	\N	\N	\N	\N	\N	1	\N	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	llm_calls	customer-2	{"model": "llama-4"}	2026-11-30 21:00:00+00	2026-11-30 22:00:00+00	3	\N	\N	\N	\N	\N	\N	2	\N	2026-12-01 14:39:40.50656+00	2026-12-01 14:39:41.204471+00
1	llm_calls	customer-2	{"model": "llama-4"}	2026-11-30 22:00:00+00	2026-11-30 23:00:00+00	2	\N	\N	\N	\N	\N	\N	0	\N	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	llm_calls	customer-2	{"model": "llama-4"}	2026-11-30 23:00:00+00	2026-12-01 00:00:00+00	4	\N	\N	\N	\N	\N	\N	0	\N	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	llm_calls	customer-3	{"model": "claude-4"}	2026-11-30 19:00:00+00	2026-11-30 20:00:00+00	2	\N	\N	\N	\N	\N	\N	2	\N	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	llm_calls	customer-3	{"model": "claude-4"}	2026-11-30 20:00:00+00	2026-11-30 21:00:00+00	1	\N	\N	\N	\N	\N	\N	1	\N	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	llm_calls	customer-3	{"model": "claude-4"}	2026-11-30 22:00:00+00	2026-11-30 23:00:00+00	1	\N	\N	\N	\N	\N	\N	1	\N	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	llm_calls	customer-3	{"model": "claude-4"}	2026-11-30 23:00:00+00	2026-12-01 00:00:00+00	1	\N	\N	\N	\N	\N	\N	0	\N	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	llm_calls	customer-3	{"model": "gpt-5"}	2026-11-30 18:00:00+00	2026-11-30 19:00:00+00	1	\N	\N	\N	\N	\N	\N	1	\N	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	llm_calls	customer-3	{"model": "gpt-5"}	2026-11-30 19:00:00+00	2026-11-30 20:00:00+00	1	\N	\N	\N	\N	\N	\N	1	\N	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	llm_calls	customer-3	{"model": "gpt-5"}	2026-11-30 20:00:00+00	2026-11-30 21:00:00+00	3	\N	\N	\N	\N	\N	\N	2	\N	2026-12-01 14:39:40.50656+00	2026-12-01 14:39:41.204471+00
1	llm_calls	customer-3	{"model": "gpt-5"}	2026-11-30 21:00:00+00	2026-11-30 22:00:00+00	1	\N	\N	\N	\N	\N	\N	1	\N	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	llm_calls	customer-3	{"model": "gpt-5"}	2026-11-30 23:00:00+00	2026-12-01 00:00:00+00	3	\N	\N	\N	\N	\N	\N	0	\N	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	llm_calls	customer-3	{"model": "llama-4"}	2026-11-30 18:00:00+00	2026-11-30 19:00:00+00	1	\N	\N	\N	\N	\N	\N	1	\N	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	llm_calls	customer-3	{"model": "llama-4"}	2026-11-30 19:00:00+00	2026-11-30 20:00:00+00	1	\N	\N	\N	\N	\N	\N	1	\N	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	llm_calls	customer-3	{"model": "llama-4"}	2026-11-30 22:00:00+00	2026-11-30 23:00:00+00	2	\N	\N	\N	\N	\N	\N	1	\N	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	llm_calls	customer-6	{"model": "claude-4"}	2026-11-30 18:00:00+00	2026-11-30 19:00:00+00	2	\N	\N	\N	\N	\N	\N	2	\N	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	llm_calls	customer-6	{"model": "claude-4"}	2026-11-30 19:00:00+00	2026-11-30 20:00:00+00	2	\N	\N	\N	\N	\N	\N	2	\N	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	llm_calls	customer-6	{"model": "claude-4"}	2026-11-30 20:00:00+00	2026-11-30 21:00:00+00	3	\N	\N	\N	\N	\N	\N	3	\N	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	llm_calls	customer-6	{"model": "claude-4"}	2026-11-30 23:00:00+00	2026-12-01 00:00:00+00	1	\N	\N	\N	\N	\N	\N	0	\N	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	llm_calls	customer-6	{"model": "gpt-5"}	2026-11-30 18:00:00+00	2026-11-30 19:00:00+00	1	\N	\N	\N	\N	\N	\N	1	\N	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	llm_calls	customer-6	{"model": "gpt-5"}	2026-11-30 19:00:00+00	2026-11-30 20:00:00+00	2	\N	\N	\N	\N	\N	\N	2	\N	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	llm_calls	customer-6	{"model": "gpt-5"}	2026-11-30 21:00:00+00	2026-11-30 22:00:00+00	2	\N	\N	\N	\N	\N	\N	2	\N	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	llm_calls	customer-6	{"model": "gpt-5"}	2026-11-30 22:00:00+00	2026-11-30 23:00:00+00	1	\N	\N	\N	\N	\N	\N	1	\N	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	llm_calls	customer-6	{"model": "gpt-5"}	2026-11-30 23:00:00+00	2026-12-01 00:00:00+00	1	\N	\N	\N	\N	\N	\N	0	\N	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	llm_calls	customer-6	{"model": "llama-4"}	2026-11-30 18:00:00+00	2026-11-30 19:00:00+00	3	\N	\N	\N	\N	\N	\N	3	\N	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	api_requests	customer-5	{"route": "/v1/chat"}	2026-11-30 20:40:00+00	2026-11-30 20:41:00+00	1	\N	\N	\N	\N	\N	\N	1	\N	2026-12-01 14:39:41.210166+00	2026-12-01 14:39:41.210166+00
1	api_requests	customer-5	{"route": "/v1/chat"}	2026-11-30 21:17:00+00	2026-11-30 21:18:00+00	1	\N	\N	\N	\N	\N	\N	1	\N	2026-12-01 14:39:41.210166+00	2026-12-01 14:39:41.210166+00
1	api_requests	customer-5	{"route": "/v1/chat"}	2026-11-30 22:07:00+00	2026-11-30 22:08:00+00	1	\N	\N	\N	\N	\N	\N	1	\N	2026-12-01 14:39:41.210166+00	2026-12-01 14:39:41.210166+00
1	api_requests	customer-5	{"route": "/v1/chat"}	2026-11-30 23:02:00+00	2026-11-30 23:03:00+00	1	\N	\N	\N	\N	\N	\N	0	\N	2026-12-01 14:39:41.210166+00	2026-12-01 14:39:41.210166+00
1	api_requests	customer-5	{"route": "/v1/chat"}	2026-11-30 23:10:00+00	2026-11-30 23:11:00+00	1	\N	\N	\N	\N	\N	\N	1	\N	2026-12-01 14:39:41.210166+00	2026-12-01 14:39:41.210166+00
1	api_requests	customer-5	{"route": "/v1/chat"}	2026-11-30 23:36:00+00	2026-11-30 23:37:00+00	1	\N	\N	\N	\N	\N	\N	1	\N	2026-12-01 14:39:41.210166+00	2026-12-01 14:39:41.210166+00
1	api_requests	customer-5	{"route": "/v1/chat"}	2026-11-30 23:50:00+00	2026-11-30 23:51:00+00	1	\N	\N	\N	\N	\N	\N	0	\N	2026-12-01 14:39:41.210166+00	2026-12-01 14:39:41.210166+00
1	api_requests	customer-5	{"route": "/v1/embed"}	2026-11-30 19:06:00+00	2026-11-30 19:07:00+00	1	\N	\N	\N	\N	\N	\N	1	\N	2026-12-01 14:39:41.210166+00	2026-12-01 14:39:41.210166+00
1	api_requests	customer-5	{"route": "/v1/embed"}	2026-11-30 19:39:00+00	2026-11-30 19:40:00+00	1	\N	\N	\N	\N	\N	\N	1	\N	2026-12-01 14:39:41.210166+00	2026-12-01 14:39:41.210166+00
1	api_requests	customer-5	{"route": "/v1/embed"}	2026-11-30 20:30:00+00	2026-11-30 20:31:00+00	1	\N	\N	\N	\N	\N	\N	1	\N	2026-12-01 14:39:41.210166+00	2026-12-01 14:39:41.210166+00
1	api_requests	customer-5	{"route": "/v1/embed"}	2026-11-30 21:01:00+00	2026-11-30 21:02:00+00	1	\N	\N	\N	\N	\N	\N	1	\N	2026-12-01 14:39:41.210166+00	2026-12-01 14:39:41.210166+00
1	api_requests	customer-5	{"route": "/v1/embed"}	2026-11-30 22:29:00+00	2026-11-30 22:30:00+00	1	\N	\N	\N	\N	\N	\N	1	\N	2026-12-01 14:39:41.210166+00	2026-12-01 14:39:41.210166+00
1	api_requests	customer-5	{"route": "/v1/files"}	2026-11-30 20:16:00+00	2026-11-30 20:17:00+00	1	\N	\N	\N	\N	\N	\N	1	\N	2026-12-01 14:39:41.210166+00	2026-12-01 14:39:41.210166+00
1	api_requests	customer-5	{"route": "/v1/files"}	2026-11-30 20:18:00+00	2026-11-30 20:19:00+00	1	\N	\N	\N	\N	\N	\N	1	\N	2026-12-01 14:39:41.210166+00	2026-12-01 14:39:41.210166+00
1	api_requests	customer-5	{"route": "/v1/files"}	2026-11-30 20:58:00+00	2026-11-30 20:59:00+00	1	\N	\N	\N	\N	\N	\N	1	\N	2026-12-01 14:39:41.210166+00	2026-12-01 14:39:41.210166+00
1	api_requests	customer-5	{"route": "/v1/files"}	2026-11-30 23:01:00+00	2026-11-30 23:02:00+00	1	\N	\N	\N	\N	\N	\N	0	\N	2026-12-01 14:39:41.210166+00	2026-12-01 14:39:41.210166+00
1	latency_avg	customer-4	{"route": "/v1/chat"}	2026-11-30 18:09:00+00	2026-11-30 18:10:00+00	1	491.566	\N	\N	\N	\N	\N	1	491.566	2026-12-01 14:39:41.210166+00	2026-12-01 14:39:41.210166+00
1	latency_avg	customer-4	{"route": "/v1/chat"}	2026-11-30 18:32:00+00	2026-11-30 18:33:00+00	1	436.066	\N	\N	\N	\N	\N	1	436.066	2026-12-01 14:39:41.210166+00	2026-12-01 14:39:41.210166+00
1	latency_avg	customer-4	{"route": "/v1/chat"}	2026-11-30 19:16:00+00	2026-11-30 19:17:00+00	1	48.927	\N	\N	\N	\N	\N	1	48.927	2026-12-01 14:39:41.210166+00	2026-12-01 14:39:41.210166+00
1	latency_avg	customer-4	{"route": "/v1/chat"}	2026-11-30 19:40:00+00	2026-11-30 19:41:00+00	1	42.596	\N	\N	\N	\N	\N	1	42.596	2026-12-01 14:39:41.210166+00	2026-12-01 14:39:41.210166+00
1	latency_avg	customer-4	{"route": "/v1/chat"}	2026-11-30 19:53:00+00	2026-11-30 19:54:00+00	1	41.503	\N	\N	\N	\N	\N	1	41.503	2026-12-01 14:39:41.210166+00	2026-12-01 14:39:41.210166+00
1	latency_avg	customer-4	{"route": "/v1/chat"}	2026-11-30 20:29:00+00	2026-11-30 20:30:00+00	1	451.270	\N	\N	\N	\N	\N	1	451.270	2026-12-01 14:39:41.210166+00	2026-12-01 14:39:41.210166+00
1	latency_avg	customer-4	{"route": "/v1/chat"}	2026-11-30 22:09:00+00	2026-11-30 22:10:00+00	1	156.606	\N	\N	\N	\N	\N	1	156.606	2026-12-01 14:39:41.210166+00	2026-12-01 14:39:41.210166+00
1	latency_avg	customer-4	{"route": "/v1/chat"}	2026-11-30 22:38:00+00	2026-11-30 22:39:00+00	1	118.213	\N	\N	\N	\N	\N	1	118.213	2026-12-01 14:39:41.210166+00	2026-12-01 14:39:41.210166+00
1	latency_avg	customer-4	{"route": "/v1/chat"}	2026-11-30 22:39:00+00	2026-11-30 22:40:00+00	1	449.176	\N	\N	\N	\N	\N	1	449.176	2026-12-01 14:39:41.210166+00	2026-12-01 14:39:41.210166+00
1	latency_avg	customer-4	{"route": "/v1/chat"}	2026-11-30 23:35:00+00	2026-11-30 23:36:00+00	1	90.073	\N	\N	\N	\N	\N	1	90.073	2026-12-01 14:39:41.210166+00	2026-12-01 14:39:41.210166+00
1	latency_avg	customer-4	{"route": "/v1/embed"}	2026-11-30 18:30:00+00	2026-11-30 18:31:00+00	1	197.258	\N	\N	\N	\N	\N	1	197.258	2026-12-01 14:39:41.210166+00	2026-12-01 14:39:41.210166+00
1	latency_avg	customer-4	{"route": "/v1/embed"}	2026-11-30 19:04:00+00	2026-11-30 19:05:00+00	1	82.891	\N	\N	\N	\N	\N	1	82.891	2026-12-01 14:39:41.210166+00	2026-12-01 14:39:41.210166+00
1	latency_avg	customer-4	{"route": "/v1/embed"}	2026-11-30 19:39:00+00	2026-11-30 19:40:00+00	1	369.609	\N	\N	\N	\N	\N	1	369.609	2026-12-01 14:39:41.210166+00	2026-12-01 14:39:41.210166+00
1	latency_avg	customer-4	{"route": "/v1/embed"}	2026-11-30 20:25:00+00	2026-11-30 20:26:00+00	2	414.063	\N	\N	\N	\N	\N	2	414.063	2026-12-01 14:39:41.210166+00	2026-12-01 14:39:41.210166+00
1	latency_avg	customer-4	{"route": "/v1/embed"}	2026-11-30 20:34:00+00	2026-11-30 20:35:00+00	1	466.310	\N	\N	\N	\N	\N	1	466.310	2026-12-01 14:39:41.210166+00	2026-12-01 14:39:41.210166+00
1	latency_avg	customer-4	{"route": "/v1/embed"}	2026-11-30 20:37:00+00	2026-11-30 20:38:00+00	1	318.385	\N	\N	\N	\N	\N	1	318.385	2026-12-01 14:39:41.210166+00	2026-12-01 14:39:41.210166+00
1	latency_avg	customer-4	{"route": "/v1/embed"}	2026-11-30 21:40:00+00	2026-11-30 21:41:00+00	1	242.015	\N	\N	\N	\N	\N	1	242.015	2026-12-01 14:39:41.210166+00	2026-12-01 14:39:41.210166+00
1	latency_avg	customer-4	{"route": "/v1/embed"}	2026-11-30 22:18:00+00	2026-11-30 22:19:00+00	1	376.804	\N	\N	\N	\N	\N	1	376.804	2026-12-01 14:39:41.210166+00	2026-12-01 14:39:41.210166+00
1	latency_avg	customer-4	{"route": "/v1/embed"}	2026-11-30 22:35:00+00	2026-11-30 22:36:00+00	1	116.467	\N	\N	\N	\N	\N	1	116.467	2026-12-01 14:39:41.210166+00	2026-12-01 14:39:41.210166+00
1	latency_avg	customer-4	{"route": "/v1/embed"}	2026-11-30 22:50:00+00	2026-11-30 22:51:00+00	1	301.569	\N	\N	\N	\N	\N	0	\N	2026-12-01 14:39:41.210166+00	2026-12-01 14:39:41.210166+00
1	latency_avg	customer-4	{"route": "/v1/embed"}	2026-11-30 23:55:00+00	2026-11-30 23:56:00+00	1	383.592	\N	\N	\N	\N	\N	1	383.592	2026-12-01 14:39:41.210166+00	2026-12-01 14:39:41.210166+00
1	latency_avg	customer-4	{"route": "/v1/files"}	2026-11-30 18:11:00+00	2026-11-30 18:12:00+00	1	52.217	\N	\N	\N	\N	\N	1	52.217	2026-12-01 14:39:41.210166+00	2026-12-01 14:39:41.210166+00
1	latency_avg	customer-4	{"route": "/v1/files"}	2026-11-30 18:48:00+00	2026-11-30 18:49:00+00	1	393.047	\N	\N	\N	\N	\N	1	393.047	2026-12-01 14:39:41.210166+00	2026-12-01 14:39:41.210166+00
1	latency_avg	customer-4	{"route": "/v1/files"}	2026-11-30 19:06:00+00	2026-11-30 19:07:00+00	1	3.824	\N	\N	\N	\N	\N	1	3.824	2026-12-01 14:39:41.210166+00	2026-12-01 14:39:41.210166+00
1	latency_avg	customer-4	{"route": "/v1/files"}	2026-11-30 20:10:00+00	2026-11-30 20:11:00+00	1	153.175	\N	\N	\N	\N	\N	1	153.175	2026-12-01 14:39:41.210166+00	2026-12-01 14:39:41.210166+00
1	latency_avg	customer-4	{"route": "/v1/files"}	2026-11-30 20:53:00+00	2026-11-30 20:54:00+00	1	165.063	\N	\N	\N	\N	\N	1	165.063	2026-12-01 14:39:41.210166+00	2026-12-01 14:39:41.210166+00
1	latency_avg	customer-4	{"route": "/v1/files"}	2026-11-30 21:26:00+00	2026-11-30 21:27:00+00	1	359.378	\N	\N	\N	\N	\N	1	359.378	2026-12-01 14:39:41.210166+00	2026-12-01 14:39:41.210166+00
1	latency_avg	customer-4	{"route": "/v1/files"}	2026-11-30 21:35:00+00	2026-11-30 21:36:00+00	1	482.504	\N	\N	\N	\N	\N	1	482.504	2026-12-01 14:39:41.210166+00	2026-12-01 14:39:41.210166+00
1	latency_avg	customer-4	{"route": "/v1/files"}	2026-11-30 22:02:00+00	2026-11-30 22:03:00+00	1	315.150	\N	\N	\N	\N	\N	1	315.150	2026-12-01 14:39:41.210166+00	2026-12-01 14:39:41.210166+00
1	latency_avg	customer-4	{"route": "/v1/files"}	2026-11-30 22:12:00+00	2026-11-30 22:13:00+00	1	276.695	\N	\N	\N	\N	\N	1	276.695	2026-12-01 14:39:41.210166+00	2026-12-01 14:39:41.210166+00
1	latency_avg	customer-4	{"route": "/v1/files"}	2026-11-30 22:15:00+00	2026-11-30 22:16:00+00	1	447.992	\N	\N	\N	\N	\N	1	447.992	2026-12-01 14:39:41.210166+00	2026-12-01 14:39:41.210166+00
1	latency_avg	customer-4	{"route": "/v1/files"}	2026-11-30 22:17:00+00	2026-11-30 22:18:00+00	1	163.933	\N	\N	\N	\N	\N	1	163.933	2026-12-01 14:39:41.210166+00	2026-12-01 14:39:41.210166+00
1	latency_avg	customer-4	{"route": "/v1/files"}	2026-11-30 22:37:00+00	2026-11-30 22:38:00+00	1	488.348	\N	\N	\N	\N	\N	1	488.348	2026-12-01 14:39:41.210166+00	2026-12-01 14:39:41.210166+00
1	latency_avg	customer-4	{"route": "/v1/files"}	2026-11-30 22:38:00+00	2026-11-30 22:39:00+00	1	413.158	\N	\N	\N	\N	\N	1	413.158	2026-12-01 14:39:41.210166+00	2026-12-01 14:39:41.210166+00
1	latency_avg	customer-4	{"route": "/v1/files"}	2026-11-30 23:12:00+00	2026-11-30 23:13:00+00	1	254.182	\N	\N	\N	\N	\N	1	254.182	2026-12-01 14:39:41.210166+00	2026-12-01 14:39:41.210166+00
1	latency_avg	customer-5	{"route": "/v1/chat"}	2026-11-30 18:13:00+00	2026-11-30 18:14:00+00	1	139.421	\N	\N	\N	\N	\N	1	139.421	2026-12-01 14:39:41.210166+00	2026-12-01 14:39:41.210166+00
1	latency_avg	customer-5	{"route": "/v1/chat"}	2026-11-30 18:49:00+00	2026-11-30 18:50:00+00	1	126.465	\N	\N	\N	\N	\N	1	126.465	2026-12-01 14:39:41.210166+00	2026-12-01 14:39:41.210166+00
1	latency_avg	customer-5	{"route": "/v1/chat"}	2026-11-30 19:11:00+00	2026-11-30 19:12:00+00	1	279.720	\N	\N	\N	\N	\N	1	279.720	2026-12-01 14:39:41.210166+00	2026-12-01 14:39:41.210166+00
1	latency_avg	customer-5	{"route": "/v1/chat"}	2026-11-30 20:40:00+00	2026-11-30 20:41:00+00	1	69.797	\N	\N	\N	\N	\N	1	69.797	2026-12-01 14:39:41.210166+00	2026-12-01 14:39:41.210166+00
1	latency_avg	customer-5	{"route": "/v1/chat"}	2026-11-30 21:17:00+00	2026-11-30 21:18:00+00	1	429.944	\N	\N	\N	\N	\N	1	429.944	2026-12-01 14:39:41.210166+00	2026-12-01 14:39:41.210166+00
1	latency_avg	customer-5	{"route": "/v1/chat"}	2026-11-30 22:07:00+00	2026-11-30 22:08:00+00	1	227.193	\N	\N	\N	\N	\N	1	227.193	2026-12-01 14:39:41.210166+00	2026-12-01 14:39:41.210166+00
1	latency_avg	customer-5	{"route": "/v1/chat"}	2026-11-30 23:02:00+00	2026-11-30 23:03:00+00	1	139.553	\N	\N	\N	\N	\N	0	\N	2026-12-01 14:39:41.210166+00	2026-12-01 14:39:41.210166+00
1	latency_avg	customer-5	{"route": "/v1/chat"}	2026-11-30 23:10:00+00	2026-11-30 23:11:00+00	1	370.764	\N	\N	\N	\N	\N	1	370.764	2026-12-01 14:39:41.210166+00	2026-12-01 14:39:41.210166+00
1	latency_avg	customer-5	{"route": "/v1/chat"}	2026-11-30 23:36:00+00	2026-11-30 23:37:00+00	1	208.068	\N	\N	\N	\N	\N	1	208.068	2026-12-01 14:39:41.210166+00	2026-12-01 14:39:41.210166+00
1	latency_avg	customer-5	{"route": "/v1/chat"}	2026-11-30 23:50:00+00	2026-11-30 23:51:00+00	1	190.586	\N	\N	\N	\N	\N	0	\N	2026-12-01 14:39:41.210166+00	2026-12-01 14:39:41.210166+00
1	latency_avg	customer-5	{"route": "/v1/embed"}	2026-11-30 19:06:00+00	2026-11-30 19:07:00+00	1	77.208	\N	\N	\N	\N	\N	1	77.208	2026-12-01 14:39:41.210166+00	2026-12-01 14:39:41.210166+00
1	latency_avg	customer-5	{"route": "/v1/embed"}	2026-11-30 19:39:00+00	2026-11-30 19:40:00+00	1	235.957	\N	\N	\N	\N	\N	1	235.957	2026-12-01 14:39:41.210166+00	2026-12-01 14:39:41.210166+00
1	latency_avg	customer-5	{"route": "/v1/embed"}	2026-11-30 20:30:00+00	2026-11-30 20:31:00+00	1	391.704	\N	\N	\N	\N	\N	1	391.704	2026-12-01 14:39:41.210166+00	2026-12-01 14:39:41.210166+00
1	latency_avg	customer-5	{"route": "/v1/embed"}	2026-11-30 21:01:00+00	2026-11-30 21:02:00+00	1	228.686	\N	\N	\N	\N	\N	1	228.686	2026-12-01 14:39:41.210166+00	2026-12-01 14:39:41.210166+00
1	latency_avg	customer-5	{"route": "/v1/embed"}	2026-11-30 22:29:00+00	2026-11-30 22:30:00+00	1	167.311	\N	\N	\N	\N	\N	1	167.311	2026-12-01 14:39:41.210166+00	2026-12-01 14:39:41.210166+00
1	latency_avg	customer-5	{"route": "/v1/files"}	2026-11-30 20:16:00+00	2026-11-30 20:17:00+00	1	175.687	\N	\N	\N	\N	\N	1	175.687	2026-12-01 14:39:41.210166+00	2026-12-01 14:39:41.210166+00
1	latency_avg	customer-5	{"route": "/v1/files"}	2026-11-30 20:18:00+00	2026-11-30 20:19:00+00	1	374.949	\N	\N	\N	\N	\N	1	374.949	2026-12-01 14:39:41.210166+00	2026-12-01 14:39:41.210166+00
1	latency_avg	customer-5	{"route": "/v1/files"}	2026-11-30 20:58:00+00	2026-11-30 20:59:00+00	1	469.585	\N	\N	\N	\N	\N	1	469.585	2026-12-01 14:39:41.210166+00	2026-12-01 14:39:41.210166+00
1	latency_avg	customer-5	{"route": "/v1/files"}	2026-11-30 23:01:00+00	2026-11-30 23:02:00+00	1	104.250	\N	\N	\N	\N	\N	0	\N	2026-12-01 14:39:41.210166+00	2026-12-01 14:39:41.210166+00
1	latency_max	customer-4	{}	2026-11-30 18:00:00+00	2026-11-30 19:00:00+00	5	\N	\N	491.566	\N	\N	\N	5	\N	2026-12-01 14:39:41.210166+00	2026-12-01 14:39:41.210166+00
1	latency_max	customer-4	{}	2026-11-30 19:00:00+00	2026-11-30 20:00:00+00	6	\N	\N	369.609	\N	\N	\N	6	\N	2026-12-01 14:39:41.210166+00	2026-12-01 14:39:41.210166+00
1	latency_max	customer-4	{}	2026-11-30 20:00:00+00	2026-11-30 21:00:00+00	7	\N	\N	466.310	\N	\N	\N	7	\N	2026-12-01 14:39:41.210166+00	2026-12-01 14:39:41.210166+00
1	latency_max	customer-4	{}	2026-11-30 21:00:00+00	2026-11-30 22:00:00+00	5	\N	\N	482.504	\N	\N	\N	3	\N	2026-12-01 14:39:40.537594+00	2026-12-01 14:39:41.210166+00
1	latency_max	customer-4	{}	2026-11-30 22:00:00+00	2026-11-30 23:00:00+00	12	\N	\N	488.348	\N	\N	\N	8	\N	2026-12-01 14:39:41.210166+00	2026-12-01 14:39:41.210166+00
1	latency_max	customer-4	{}	2026-11-30 23:00:00+00	2026-12-01 00:00:00+00	3	\N	\N	383.592	\N	\N	\N	0	\N	2026-12-01 14:39:41.210166+00	2026-12-01 14:39:41.210166+00
1	latency_max	customer-5	{}	2026-11-30 18:00:00+00	2026-11-30 19:00:00+00	2	\N	\N	139.421	\N	\N	\N	2	\N	2026-12-01 14:39:41.210166+00	2026-12-01 14:39:41.210166+00
1	latency_max	customer-5	{}	2026-11-30 19:00:00+00	2026-11-30 20:00:00+00	4	\N	\N	290.417	\N	\N	\N	3	\N	2026-12-01 14:39:40.537594+00	2026-12-01 14:39:41.210166+00
1	latency_max	customer-5	{}	2026-11-30 20:00:00+00	2026-11-30 21:00:00+00	6	\N	\N	469.585	\N	\N	\N	5	\N	2026-12-01 14:39:40.537594+00	2026-12-01 14:39:41.210166+00
1	latency_max	customer-5	{}	2026-11-30 21:00:00+00	2026-11-30 22:00:00+00	3	\N	\N	452.641	\N	\N	\N	2	\N	2026-12-01 14:39:40.537594+00	2026-12-01 14:39:41.210166+00
1	latency_max	customer-5	{}	2026-11-30 22:00:00+00	2026-11-30 23:00:00+00	4	\N	\N	254.263	\N	\N	\N	2	\N	2026-12-01 14:39:40.537594+00	2026-12-01 14:39:41.210166+00
1	latency_max	customer-5	{}	2026-11-30 23:00:00+00	2026-12-01 00:00:00+00	5	\N	\N	370.764	\N	\N	\N	0	\N	2026-12-01 14:39:41.210166+00	2026-12-01 14:39:41.210166+00
1	latency_min	customer-4	{}	2026-11-30 18:00:00+00	2026-11-30 19:00:00+00	5	\N	52.217	\N	\N	\N	\N	5	\N	2026-12-01 14:39:41.210166+00	2026-12-01 14:39:41.210166+00
1	latency_min	customer-4	{}	2026-11-30 19:00:00+00	2026-11-30 20:00:00+00	6	\N	3.824	\N	\N	\N	\N	6	\N	2026-12-01 14:39:41.210166+00	2026-12-01 14:39:41.210166+00
1	latency_min	customer-4	{}	2026-11-30 20:00:00+00	2026-11-30 21:00:00+00	7	\N	66.102	\N	\N	\N	\N	7	\N	2026-12-01 14:39:41.210166+00	2026-12-01 14:39:41.210166+00
1	latency_min	customer-4	{}	2026-11-30 21:00:00+00	2026-11-30 22:00:00+00	5	\N	13.617	\N	\N	\N	\N	3	\N	2026-12-01 14:39:40.537594+00	2026-12-01 14:39:41.210166+00
1	latency_min	customer-4	{}	2026-11-30 22:00:00+00	2026-11-30 23:00:00+00	12	\N	116.467	\N	\N	\N	\N	8	\N	2026-12-01 14:39:41.210166+00	2026-12-01 14:39:41.210166+00
1	latency_min	customer-4	{}	2026-11-30 23:00:00+00	2026-12-01 00:00:00+00	3	\N	90.073	\N	\N	\N	\N	0	\N	2026-12-01 14:39:41.210166+00	2026-12-01 14:39:41.210166+00
1	latency_min	customer-5	{}	2026-11-30 18:00:00+00	2026-11-30 19:00:00+00	2	\N	126.465	\N	\N	\N	\N	2	\N	2026-12-01 14:39:41.210166+00	2026-12-01 14:39:41.210166+00
1	latency_min	customer-5	{}	2026-11-30 19:00:00+00	2026-11-30 20:00:00+00	4	\N	77.208	\N	\N	\N	\N	3	\N	2026-12-01 14:39:40.537594+00	2026-12-01 14:39:41.210166+00
1	latency_min	customer-5	{}	2026-11-30 20:00:00+00	2026-11-30 21:00:00+00	6	\N	69.797	\N	\N	\N	\N	5	\N	2026-12-01 14:39:40.537594+00	2026-12-01 14:39:41.210166+00
1	latency_min	customer-5	{}	2026-11-30 21:00:00+00	2026-11-30 22:00:00+00	3	\N	228.686	\N	\N	\N	\N	2	\N	2026-12-01 14:39:40.537594+00	2026-12-01 14:39:41.210166+00
1	latency_min	customer-5	{}	2026-11-30 22:00:00+00	2026-11-30 23:00:00+00	4	\N	38.707	\N	\N	\N	\N	2	\N	2026-12-01 14:39:40.537594+00	2026-12-01 14:39:41.210166+00
1	latency_min	customer-5	{}	2026-11-30 23:00:00+00	2026-12-01 00:00:00+00	5	\N	104.250	\N	\N	\N	\N	0	\N	2026-12-01 14:39:41.210166+00	2026-12-01 14:39:41.210166+00
1	llm_calls	customer-4	{"model": "claude-4"}	2026-11-30 18:00:00+00	2026-11-30 19:00:00+00	2	\N	\N	\N	\N	\N	\N	2	\N	2026-12-01 14:39:41.210166+00	2026-12-01 14:39:41.210166+00
1	llm_calls	customer-4	{"model": "claude-4"}	2026-11-30 19:00:00+00	2026-11-30 20:00:00+00	1	\N	\N	\N	\N	\N	\N	1	\N	2026-12-01 14:39:41.210166+00	2026-12-01 14:39:41.210166+00
1	llm_calls	customer-4	{"model": "claude-4"}	2026-11-30 20:00:00+00	2026-11-30 21:00:00+00	3	\N	\N	\N	\N	\N	\N	2	\N	2026-12-01 14:39:40.537594+00	2026-12-01 14:39:41.210166+00
1	llm_calls	customer-4	{"model": "claude-4"}	2026-11-30 21:00:00+00	2026-11-30 22:00:00+00	1	\N	\N	\N	\N	\N	\N	1	\N	2026-12-01 14:39:41.210166+00	2026-12-01 14:39:41.210166+00
1	llm_calls	customer-4	{"model": "claude-4"}	2026-11-30 23:00:00+00	2026-12-01 00:00:00+00	3	\N	\N	\N	\N	\N	\N	0	\N	2026-12-01 14:39:41.210166+00	2026-12-01 14:39:41.210166+00
1	llm_calls	customer-4	{"model": "gpt-5"}	2026-11-30 18:00:00+00	2026-11-30 19:00:00+00	3	\N	\N	\N	\N	\N	\N	3	\N	2026-12-01 14:39:41.210166+00	2026-12-01 14:39:41.210166+00
1	llm_calls	customer-4	{"model": "gpt-5"}	2026-11-30 20:00:00+00	2026-11-30 21:00:00+00	2	\N	\N	\N	\N	\N	\N	2	\N	2026-12-01 14:39:41.210166+00	2026-12-01 14:39:41.210166+00
1	llm_calls	customer-4	{"model": "gpt-5"}	2026-11-30 21:00:00+00	2026-11-30 22:00:00+00	1	\N	\N	\N	\N	\N	\N	1	\N	2026-12-01 14:39:41.210166+00	2026-12-01 14:39:41.210166+00
1	llm_calls	customer-4	{"model": "gpt-5"}	2026-11-30 22:00:00+00	2026-11-30 23:00:00+00	2	\N	\N	\N	\N	\N	\N	2	\N	2026-12-01 14:39:41.210166+00	2026-12-01 14:39:41.210166+00
1	llm_calls	customer-4	{"model": "llama-4"}	2026-11-30 18:00:00+00	2026-11-30 19:00:00+00	3	\N	\N	\N	\N	\N	\N	3	\N	2026-12-01 14:39:41.210166+00	2026-12-01 14:39:41.210166+00
1	llm_calls	customer-4	{"model": "llama-4"}	2026-11-30 19:00:00+00	2026-11-30 20:00:00+00	2	\N	\N	\N	\N	\N	\N	2	\N	2026-12-01 14:39:41.210166+00	2026-12-01 14:39:41.210166+00
1	llm_calls	customer-4	{"model": "llama-4"}	2026-11-30 21:00:00+00	2026-11-30 22:00:00+00	2	\N	\N	\N	\N	\N	\N	2	\N	2026-12-01 14:39:41.210166+00	2026-12-01 14:39:41.210166+00
1	llm_calls	customer-4	{"model": "llama-4"}	2026-11-30 22:00:00+00	2026-11-30 23:00:00+00	3	\N	\N	\N	\N	\N	\N	2	\N	2026-12-01 14:39:41.210166+00	2026-12-01 14:39:41.210166+00
1	llm_calls	customer-5	{"model": "claude-4"}	2026-11-30 19:00:00+00	2026-11-30 20:00:00+00	2	\N	\N	\N	\N	\N	\N	2	\N	2026-12-01 14:39:41.210166+00	2026-12-01 14:39:41.210166+00
1	llm_calls	customer-5	{"model": "claude-4"}	2026-11-30 21:00:00+00	2026-11-30 22:00:00+00	2	\N	\N	\N	\N	\N	\N	1	\N	2026-12-01 14:39:40.537594+00	2026-12-01 14:39:41.210166+00
1	llm_calls	customer-5	{"model": "claude-4"}	2026-11-30 22:00:00+00	2026-11-30 23:00:00+00	1	\N	\N	\N	\N	\N	\N	1	\N	2026-12-01 14:39:41.210166+00	2026-12-01 14:39:41.210166+00
1	llm_calls	customer-5	{"model": "claude-4"}	2026-11-30 23:00:00+00	2026-12-01 00:00:00+00	1	\N	\N	\N	\N	\N	\N	0	\N	2026-12-01 14:39:41.210166+00	2026-12-01 14:39:41.210166+00
1	llm_calls	customer-5	{"model": "gpt-5"}	2026-11-30 18:00:00+00	2026-11-30 19:00:00+00	2	\N	\N	\N	\N	\N	\N	1	\N	2026-12-01 14:39:40.537594+00	2026-12-01 14:39:41.210166+00
1	llm_calls	customer-5	{"model": "gpt-5"}	2026-11-30 19:00:00+00	2026-11-30 20:00:00+00	1	\N	\N	\N	\N	\N	\N	1	\N	2026-12-01 14:39:41.210166+00	2026-12-01 14:39:41.210166+00
1	llm_calls	customer-5	{"model": "gpt-5"}	2026-11-30 20:00:00+00	2026-11-30 21:00:00+00	4	\N	\N	\N	\N	\N	\N	3	\N	2026-12-01 14:39:40.537594+00	2026-12-01 14:39:41.210166+00
1	llm_calls	customer-5	{"model": "gpt-5"}	2026-11-30 21:00:00+00	2026-11-30 22:00:00+00	2	\N	\N	\N	\N	\N	\N	2	\N	2026-12-01 14:39:41.210166+00	2026-12-01 14:39:41.210166+00
1	llm_calls	customer-5	{"model": "gpt-5"}	2026-11-30 22:00:00+00	2026-11-30 23:00:00+00	2	\N	\N	\N	\N	\N	\N	0	\N	2026-12-01 14:39:40.537594+00	2026-12-01 14:39:41.210166+00
1	llm_calls	customer-5	{"model": "gpt-5"}	2026-11-30 23:00:00+00	2026-12-01 00:00:00+00	1	\N	\N	\N	\N	\N	\N	0	\N	2026-12-01 14:39:41.210166+00	2026-12-01 14:39:41.210166+00
1	llm_calls	customer-5	{"model": "llama-4"}	2026-11-30 20:00:00+00	2026-11-30 21:00:00+00	2	\N	\N	\N	\N	\N	\N	2	\N	2026-12-01 14:39:41.210166+00	2026-12-01 14:39:41.210166+00
1	llm_calls	customer-5	{"model": "llama-4"}	2026-11-30 21:00:00+00	2026-11-30 22:00:00+00	4	\N	\N	\N	\N	\N	\N	2	\N	2026-12-01 14:39:40.537594+00	2026-12-01 14:39:41.210166+00
1	llm_calls	customer-5	{"model": "llama-4"}	2026-11-30 22:00:00+00	2026-11-30 23:00:00+00	1	\N	\N	\N	\N	\N	\N	1	\N	2026-12-01 14:39:41.210166+00	2026-12-01 14:39:41.210166+00
1	llm_calls	customer-5	{"model": "llama-4"}	2026-11-30 23:00:00+00	2026-12-01 00:00:00+00	1	\N	\N	\N	\N	\N	\N	0	\N	2026-12-01 14:39:41.210166+00	2026-12-01 14:39:41.210166+00
1	llm_tokens	customer-4	{"model": "claude-4", "region": "eu"}	2026-11-30 19:36:00+00	2026-11-30 19:37:00+00	1	1310	\N	\N	\N	\N	\N	1	1310	2026-12-01 14:39:41.210166+00	2026-12-01 14:39:41.210166+00
1	llm_tokens	customer-4	{"model": "claude-4", "region": "eu"}	2026-11-30 21:21:00+00	2026-11-30 21:22:00+00	1	621	\N	\N	\N	\N	\N	1	621	2026-12-01 14:39:41.210166+00	2026-12-01 14:39:41.210166+00
1	llm_tokens	customer-4	{"model": "claude-4", "region": "eu"}	2026-11-30 23:12:00+00	2026-11-30 23:13:00+00	1	3294	\N	\N	\N	\N	\N	1	3294	2026-12-01 14:39:41.210166+00	2026-12-01 14:39:41.210166+00
1	llm_tokens	customer-4	{"model": "claude-4", "region": "us"}	2026-11-30 18:00:00+00	2026-11-30 18:01:00+00	1	3263	\N	\N	\N	\N	\N	1	3263	2026-12-01 14:39:41.210166+00	2026-12-01 14:39:41.210166+00
1	llm_tokens	customer-4	{"model": "claude-4", "region": "us"}	2026-11-30 20:58:00+00	2026-11-30 20:59:00+00	1	1906	\N	\N	\N	\N	\N	1	1906	2026-12-01 14:39:41.210166+00	2026-12-01 14:39:41.210166+00
1	llm_tokens	customer-4	{"model": "claude-4", "region": "us"}	2026-11-30 23:15:00+00	2026-11-30 23:16:00+00	1	1963	\N	\N	\N	\N	\N	1	1963	2026-12-01 14:39:41.210166+00	2026-12-01 14:39:41.210166+00
1	llm_tokens	customer-4	{"model": "claude-4", "region": "us"}	2026-11-30 23:46:00+00	2026-11-30 23:47:00+00	1	3899	\N	\N	\N	\N	\N	0	\N	2026-12-01 14:39:41.210166+00	2026-12-01 14:39:41.210166+00
1	llm_tokens	customer-4	{"model": "claude-4", "region": null}	2026-11-30 18:39:00+00	2026-11-30 18:40:00+00	1	1233	\N	\N	\N	\N	\N	1	1233	2026-12-01 14:39:41.210166+00	2026-12-01 14:39:41.210166+00
1	llm_tokens	customer-4	{"model": "gpt-5", "region": "eu"}	2026-11-30 18:00:00+00	2026-11-30 18:01:00+00	1	762	\N	\N	\N	\N	\N	1	762	2026-12-01 14:39:41.210166+00	2026-12-01 14:39:41.210166+00
1	llm_tokens	customer-4	{"model": "gpt-5", "region": "eu"}	2026-11-30 20:51:00+00	2026-11-30 20:52:00+00	1	963	\N	\N	\N	\N	\N	1	963	2026-12-01 14:39:41.210166+00	2026-12-01 14:39:41.210166+00
1	llm_tokens	customer-4	{"model": "gpt-5", "region": "eu"}	2026-11-30 21:49:00+00	2026-11-30 21:50:00+00	1	3813	\N	\N	\N	\N	\N	1	3813	2026-12-01 14:39:41.210166+00	2026-12-01 14:39:41.210166+00
1	llm_tokens	customer-4	{"model": "gpt-5", "region": "us"}	2026-11-30 18:15:00+00	2026-11-30 18:16:00+00	1	1189	\N	\N	\N	\N	\N	1	1189	2026-12-01 14:39:41.210166+00	2026-12-01 14:39:41.210166+00
1	llm_tokens	customer-4	{"model": "gpt-5", "region": "us"}	2026-11-30 18:40:00+00	2026-11-30 18:41:00+00	1	850	\N	\N	\N	\N	\N	1	850	2026-12-01 14:39:41.210166+00	2026-12-01 14:39:41.210166+00
1	llm_tokens	customer-4	{"model": "gpt-5", "region": "us"}	2026-11-30 20:20:00+00	2026-11-30 20:21:00+00	1	3894	\N	\N	\N	\N	\N	1	3894	2026-12-01 14:39:41.210166+00	2026-12-01 14:39:41.210166+00
1	llm_tokens	customer-4	{"model": "gpt-5", "region": "us"}	2026-11-30 22:07:00+00	2026-11-30 22:08:00+00	1	1953	\N	\N	\N	\N	\N	1	1953	2026-12-01 14:39:41.210166+00	2026-12-01 14:39:41.210166+00
1	llm_tokens	customer-4	{"model": "gpt-5", "region": null}	2026-11-30 22:35:00+00	2026-11-30 22:36:00+00	1	3604	\N	\N	\N	\N	\N	1	3604	2026-12-01 14:39:41.210166+00	2026-12-01 14:39:41.210166+00
1	llm_tokens	customer-4	{"model": "llama-4", "region": "eu"}	2026-11-30 19:13:00+00	2026-11-30 19:14:00+00	1	700	\N	\N	\N	\N	\N	1	700	2026-12-01 14:39:41.210166+00	2026-12-01 14:39:41.210166+00
1	llm_tokens	customer-4	{"model": "llama-4", "region": "eu"}	2026-11-30 21:12:00+00	2026-11-30 21:13:00+00	1	677	\N	\N	\N	\N	\N	1	677	2026-12-01 14:39:41.210166+00	2026-12-01 14:39:41.210166+00
1	llm_tokens	customer-4	{"model": "llama-4", "region": "eu"}	2026-11-30 21:22:00+00	2026-11-30 21:23:00+00	1	1845	\N	\N	\N	\N	\N	1	1845	2026-12-01 14:39:41.210166+00	2026-12-01 14:39:41.210166+00
1	llm_tokens	customer-4	{"model": "llama-4", "region": "eu"}	2026-11-30 22:53:00+00	2026-11-30 22:54:00+00	1	308	\N	\N	\N	\N	\N	1	308	2026-12-01 14:39:41.210166+00	2026-12-01 14:39:41.210166+00
1	llm_tokens	customer-4	{"model": "llama-4", "region": "us"}	2026-11-30 18:12:00+00	2026-11-30 18:13:00+00	2	1858	\N	\N	\N	\N	\N	2	1858	2026-12-01 14:39:41.210166+00	2026-12-01 14:39:41.210166+00
1	llm_tokens	customer-4	{"model": "llama-4", "region": "us"}	2026-11-30 18:51:00+00	2026-11-30 18:52:00+00	1	2174	\N	\N	\N	\N	\N	1	2174	2026-12-01 14:39:41.210166+00	2026-12-01 14:39:41.210166+00
1	llm_tokens	customer-4	{"model": "llama-4", "region": "us"}	2026-11-30 22:04:00+00	2026-11-30 22:05:00+00	1	1778	\N	\N	\N	\N	\N	1	1778	2026-12-01 14:39:41.210166+00	2026-12-01 14:39:41.210166+00
1	llm_tokens	customer-4	{"model": "llama-4", "region": "us"}	2026-11-30 22:32:00+00	2026-11-30 22:33:00+00	1	3847	\N	\N	\N	\N	\N	1	3847	2026-12-01 14:39:41.210166+00	2026-12-01 14:39:41.210166+00
1	llm_tokens	customer-4	{"model": "llama-4", "region": null}	2026-11-30 19:03:00+00	2026-11-30 19:04:00+00	1	2853	\N	\N	\N	\N	\N	1	2853	2026-12-01 14:39:41.210166+00	2026-12-01 14:39:41.210166+00
1	llm_tokens	customer-5	{"model": "claude-4", "region": "eu"}	2026-11-30 19:41:00+00	2026-11-30 19:42:00+00	1	147	\N	\N	\N	\N	\N	1	147	2026-12-01 14:39:41.210166+00	2026-12-01 14:39:41.210166+00
1	llm_tokens	customer-5	{"model": "claude-4", "region": "us"}	2026-11-30 22:40:00+00	2026-11-30 22:41:00+00	1	1132	\N	\N	\N	\N	\N	1	1132	2026-12-01 14:39:41.210166+00	2026-12-01 14:39:41.210166+00
1	llm_tokens	customer-5	{"model": "claude-4", "region": "us"}	2026-11-30 23:47:00+00	2026-11-30 23:48:00+00	1	529	\N	\N	\N	\N	\N	0	\N	2026-12-01 14:39:41.210166+00	2026-12-01 14:39:41.210166+00
1	llm_tokens	customer-5	{"model": "claude-4", "region": null}	2026-11-30 19:32:00+00	2026-11-30 19:33:00+00	1	2683	\N	\N	\N	\N	\N	1	2683	2026-12-01 14:39:41.210166+00	2026-12-01 14:39:41.210166+00
1	llm_tokens	customer-5	{"model": "gpt-5", "region": "eu"}	2026-11-30 20:14:00+00	2026-11-30 20:15:00+00	1	3334	\N	\N	\N	\N	\N	1	3334	2026-12-01 14:39:41.210166+00	2026-12-01 14:39:41.210166+00
1	llm_tokens	customer-5	{"model": "gpt-5", "region": "eu"}	2026-11-30 21:27:00+00	2026-11-30 21:28:00+00	1	3828	\N	\N	\N	\N	\N	1	3828	2026-12-01 14:39:41.210166+00	2026-12-01 14:39:41.210166+00
1	llm_tokens	customer-5	{"model": "gpt-5", "region": "eu"}	2026-11-30 22:16:00+00	2026-11-30 22:17:00+00	1	3170	\N	\N	\N	\N	\N	1	3170	2026-12-01 14:39:41.210166+00	2026-12-01 14:39:41.210166+00
1	llm_tokens	customer-5	{"model": "gpt-5", "region": "us"}	2026-11-30 18:38:00+00	2026-11-30 18:39:00+00	1	2586	\N	\N	\N	\N	\N	1	2586	2026-12-01 14:39:41.210166+00	2026-12-01 14:39:41.210166+00
1	llm_tokens	customer-5	{"model": "gpt-5", "region": "us"}	2026-11-30 19:29:00+00	2026-11-30 19:30:00+00	1	2869	\N	\N	\N	\N	\N	1	2869	2026-12-01 14:39:41.210166+00	2026-12-01 14:39:41.210166+00
1	llm_tokens	customer-5	{"model": "gpt-5", "region": "us"}	2026-11-30 20:02:00+00	2026-11-30 20:03:00+00	1	1673	\N	\N	\N	\N	\N	1	1673	2026-12-01 14:39:41.210166+00	2026-12-01 14:39:41.210166+00
1	llm_tokens	customer-5	{"model": "gpt-5", "region": "us"}	2026-11-30 20:49:00+00	2026-11-30 20:50:00+00	1	2796	\N	\N	\N	\N	\N	1	2796	2026-12-01 14:39:41.210166+00	2026-12-01 14:39:41.210166+00
1	llm_tokens	customer-5	{"model": "gpt-5", "region": "us"}	2026-11-30 23:53:00+00	2026-11-30 23:54:00+00	1	1699	\N	\N	\N	\N	\N	1	1699	2026-12-01 14:39:41.210166+00	2026-12-01 14:39:41.210166+00
1	llm_tokens	customer-5	{"model": "gpt-5", "region": null}	2026-11-30 21:21:00+00	2026-11-30 21:22:00+00	1	2788	\N	\N	\N	\N	\N	1	2788	2026-12-01 14:39:41.210166+00	2026-12-01 14:39:41.210166+00
1	llm_tokens	customer-5	{"model": "llama-4", "region": "eu"}	2026-11-30 20:27:00+00	2026-11-30 20:28:00+00	1	2957	\N	\N	\N	\N	\N	1	2957	2026-12-01 14:39:41.210166+00	2026-12-01 14:39:41.210166+00
1	llm_tokens	customer-5	{"model": "llama-4", "region": "eu"}	2026-11-30 23:39:00+00	2026-11-30 23:40:00+00	1	1444	\N	\N	\N	\N	\N	0	\N	2026-12-01 14:39:41.210166+00	2026-12-01 14:39:41.210166+00
1	llm_tokens	customer-5	{"model": "llama-4", "region": "us"}	2026-11-30 21:38:00+00	2026-11-30 21:39:00+00	1	1777	\N	\N	\N	\N	\N	1	1777	2026-12-01 14:39:41.210166+00	2026-12-01 14:39:41.210166+00
1	llm_tokens	customer-5	{"model": "llama-4", "region": "us"}	2026-11-30 22:39:00+00	2026-11-30 22:40:00+00	1	1688	\N	\N	\N	\N	\N	1	1688	2026-12-01 14:39:41.210166+00	2026-12-01 14:39:41.210166+00
1	llm_tokens	customer-5	{"model": "llama-4", "region": null}	2026-11-30 20:49:00+00	2026-11-30 20:50:00+00	1	3617	\N	\N	\N	\N	\N	1	3617	2026-12-01 14:39:41.210166+00	2026-12-01 14:39:41.210166+00
1	storage_bytes	customer-4	{}	2026-11-30 18:00:00+00	2026-11-30 19:00:00+00	1	\N	\N	\N	2026-11-30 18:07:30.676+00	\\x3b4e2eb8c358b3533c7e63ca06b6cfd0	1090499314628	1	\N	2026-12-01 14:39:41.210166+00	2026-12-01 14:39:41.210166+00
1	storage_bytes	customer-4	{}	2026-11-30 19:00:00+00	2026-11-30 20:00:00+00	3	\N	\N	\N	2026-11-30 19:37:50.525+00	\\xa6cf9a79c2b17580b70d8c3d51612685	462947461733	3	\N	2026-12-01 14:39:41.210166+00	2026-12-01 14:39:41.210166+00
1	storage_bytes	customer-4	{}	2026-11-30 20:00:00+00	2026-11-30 21:00:00+00	1	\N	\N	\N	2026-11-30 20:39:28.078+00	\\xfec4164874ff46d01bea3749864f35ae	296527130727	1	\N	2026-12-01 14:39:41.210166+00	2026-12-01 14:39:41.210166+00
1	storage_bytes	customer-4	{}	2026-11-30 22:00:00+00	2026-11-30 23:00:00+00	1	\N	\N	\N	2026-11-30 22:18:44.576+00	\\x2f4666f01d540bdc524d3b297399d770	985744007541	1	\N	2026-12-01 14:39:41.210166+00	2026-12-01 14:39:41.210166+00
1	storage_bytes	customer-5	{}	2026-11-30 18:00:00+00	2026-11-30 19:00:00+00	1	\N	\N	\N	2026-11-30 18:12:41.82+00	\\x52d1e513592398d22ff9d5fd3659b35b	979966220397	1	\N	2026-12-01 14:39:41.210166+00	2026-12-01 14:39:41.210166+00
1	storage_bytes	customer-5	{}	2026-11-30 19:00:00+00	2026-11-30 20:00:00+00	1	\N	\N	\N	2026-11-30 19:21:12.566+00	\\x54fc6a4eeadcf09d2fd5f946332bfbce	323869949068	1	\N	2026-12-01 14:39:41.210166+00	2026-12-01 14:39:41.210166+00
1	storage_bytes	customer-5	{}	2026-11-30 21:00:00+00	2026-11-30 22:00:00+00	2	\N	\N	\N	2026-11-30 21:38:04.712+00	\\x9d26503b0316108e7db20070b4a2239c	544139233350	2	\N	2026-12-01 14:39:41.210166+00	2026-12-01 14:39:41.210166+00
1	storage_bytes	customer-5	{}	2026-11-30 23:00:00+00	2026-12-01 00:00:00+00	4	\N	\N	\N	2026-11-30 23:35:14.114+00	\\x28bc396883a3d488311c2b093a145b1a	410693343728	0	\N	2026-12-01 14:39:40.537594+00	2026-12-01 14:39:41.210166+00
1	llm_calls	customer-6	{"model": "llama-4"}	2026-11-30 19:00:00+00	2026-11-30 20:00:00+00	1	\N	\N	\N	\N	\N	\N	1	\N	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	llm_calls	customer-6	{"model": "llama-4"}	2026-11-30 21:00:00+00	2026-11-30 22:00:00+00	1	\N	\N	\N	\N	\N	\N	1	\N	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	llm_calls	customer-6	{"model": "llama-4"}	2026-11-30 22:00:00+00	2026-11-30 23:00:00+00	2	\N	\N	\N	\N	\N	\N	2	\N	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	llm_calls	customer-6	{"model": "llama-4"}	2026-11-30 23:00:00+00	2026-12-01 00:00:00+00	3	\N	\N	\N	\N	\N	\N	0	\N	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	llm_tokens	customer-1	{"model": "claude-4", "region": "eu"}	2026-11-30 19:31:00+00	2026-11-30 19:32:00+00	1	2544	\N	\N	\N	\N	\N	1	2544	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	llm_tokens	customer-1	{"model": "claude-4", "region": "eu"}	2026-11-30 19:45:00+00	2026-11-30 19:46:00+00	1	1653	\N	\N	\N	\N	\N	1	1653	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	llm_tokens	customer-1	{"model": "claude-4", "region": "eu"}	2026-11-30 21:42:00+00	2026-11-30 21:43:00+00	1	846	\N	\N	\N	\N	\N	1	846	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	llm_tokens	customer-1	{"model": "claude-4", "region": "eu"}	2026-11-30 23:45:00+00	2026-11-30 23:46:00+00	1	784	\N	\N	\N	\N	\N	1	784	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	llm_tokens	customer-1	{"model": "claude-4", "region": "us"}	2026-11-30 18:49:00+00	2026-11-30 18:50:00+00	1	2088	\N	\N	\N	\N	\N	1	2088	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	llm_tokens	customer-1	{"model": "claude-4", "region": "us"}	2026-11-30 22:17:00+00	2026-11-30 22:18:00+00	1	2940	\N	\N	\N	\N	\N	1	2940	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	llm_tokens	customer-1	{"model": "claude-4", "region": "us"}	2026-11-30 23:04:00+00	2026-11-30 23:05:00+00	1	3634	\N	\N	\N	\N	\N	1	3634	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	llm_tokens	customer-1	{"model": "claude-4", "region": null}	2026-11-30 21:18:00+00	2026-11-30 21:19:00+00	1	132	\N	\N	\N	\N	\N	1	132	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	llm_tokens	customer-1	{"model": "gpt-5", "region": "eu"}	2026-11-30 18:32:00+00	2026-11-30 18:33:00+00	1	1683	\N	\N	\N	\N	\N	1	1683	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	llm_tokens	customer-1	{"model": "gpt-5", "region": "eu"}	2026-11-30 19:31:00+00	2026-11-30 19:32:00+00	1	2942	\N	\N	\N	\N	\N	1	2942	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	llm_tokens	customer-1	{"model": "gpt-5", "region": "eu"}	2026-11-30 20:48:00+00	2026-11-30 20:49:00+00	1	2012	\N	\N	\N	\N	\N	1	2012	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	llm_tokens	customer-1	{"model": "gpt-5", "region": "eu"}	2026-11-30 22:01:00+00	2026-11-30 22:02:00+00	1	2714	\N	\N	\N	\N	\N	1	2714	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	llm_tokens	customer-1	{"model": "gpt-5", "region": "us"}	2026-11-30 18:48:00+00	2026-11-30 18:49:00+00	1	2204	\N	\N	\N	\N	\N	1	2204	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	llm_tokens	customer-1	{"model": "gpt-5", "region": "us"}	2026-11-30 20:05:00+00	2026-11-30 20:06:00+00	1	3351	\N	\N	\N	\N	\N	1	3351	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	llm_tokens	customer-1	{"model": "gpt-5", "region": "us"}	2026-11-30 20:29:00+00	2026-11-30 20:30:00+00	1	2558	\N	\N	\N	\N	\N	1	2558	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	llm_tokens	customer-1	{"model": "gpt-5", "region": "us"}	2026-11-30 21:59:00+00	2026-11-30 22:00:00+00	1	2598	\N	\N	\N	\N	\N	1	2598	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	llm_tokens	customer-1	{"model": "gpt-5", "region": null}	2026-11-30 20:07:00+00	2026-11-30 20:08:00+00	1	2624	\N	\N	\N	\N	\N	1	2624	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	llm_tokens	customer-1	{"model": "gpt-5", "region": null}	2026-11-30 23:01:00+00	2026-11-30 23:02:00+00	1	524	\N	\N	\N	\N	\N	1	524	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	llm_tokens	customer-1	{"model": "llama-4", "region": "eu"}	2026-11-30 19:41:00+00	2026-11-30 19:42:00+00	1	3260	\N	\N	\N	\N	\N	1	3260	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	llm_tokens	customer-1	{"model": "llama-4", "region": "eu"}	2026-11-30 21:13:00+00	2026-11-30 21:14:00+00	1	2088	\N	\N	\N	\N	\N	1	2088	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	llm_tokens	customer-1	{"model": "llama-4", "region": "eu"}	2026-11-30 22:47:00+00	2026-11-30 22:48:00+00	1	3796	\N	\N	\N	\N	\N	1	3796	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	llm_tokens	customer-1	{"model": "llama-4", "region": "eu"}	2026-11-30 23:29:00+00	2026-11-30 23:30:00+00	1	60	\N	\N	\N	\N	\N	1	60	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	llm_tokens	customer-1	{"model": "llama-4", "region": "us"}	2026-11-30 18:35:00+00	2026-11-30 18:36:00+00	1	3466	\N	\N	\N	\N	\N	1	3466	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	llm_tokens	customer-1	{"model": "llama-4", "region": "us"}	2026-11-30 19:20:00+00	2026-11-30 19:21:00+00	1	2705	\N	\N	\N	\N	\N	1	2705	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	llm_tokens	customer-1	{"model": "llama-4", "region": "us"}	2026-11-30 22:09:00+00	2026-11-30 22:10:00+00	1	412	\N	\N	\N	\N	\N	1	412	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	llm_tokens	customer-1	{"model": "llama-4", "region": "us"}	2026-11-30 23:37:00+00	2026-11-30 23:38:00+00	1	2865	\N	\N	\N	\N	\N	1	2865	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	llm_tokens	customer-1	{"model": "llama-4", "region": "us"}	2026-11-30 23:41:00+00	2026-11-30 23:42:00+00	1	2178	\N	\N	\N	\N	\N	1	2178	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	llm_tokens	customer-2	{"model": "claude-4", "region": "eu"}	2026-11-30 21:01:00+00	2026-11-30 21:02:00+00	1	314	\N	\N	\N	\N	\N	1	314	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	llm_tokens	customer-2	{"model": "claude-4", "region": "eu"}	2026-11-30 21:37:00+00	2026-11-30 21:38:00+00	1	1422	\N	\N	\N	\N	\N	1	1422	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	llm_tokens	customer-2	{"model": "claude-4", "region": "us"}	2026-11-30 21:13:00+00	2026-11-30 21:14:00+00	1	184	\N	\N	\N	\N	\N	1	184	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	llm_tokens	customer-2	{"model": "claude-4", "region": "us"}	2026-11-30 21:47:00+00	2026-11-30 21:48:00+00	1	519	\N	\N	\N	\N	\N	1	519	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	llm_tokens	customer-2	{"model": "claude-4", "region": "us"}	2026-11-30 22:54:00+00	2026-11-30 22:55:00+00	1	2162	\N	\N	\N	\N	\N	1	2162	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	llm_tokens	customer-2	{"model": "claude-4", "region": null}	2026-11-30 18:00:00+00	2026-11-30 18:01:00+00	1	1785	\N	\N	\N	\N	\N	1	1785	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	llm_tokens	customer-2	{"model": "claude-4", "region": null}	2026-11-30 19:57:00+00	2026-11-30 19:58:00+00	1	2366	\N	\N	\N	\N	\N	1	2366	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	llm_tokens	customer-2	{"model": "gpt-5", "region": "eu"}	2026-11-30 22:15:00+00	2026-11-30 22:16:00+00	1	2006	\N	\N	\N	\N	\N	1	2006	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	llm_tokens	customer-2	{"model": "gpt-5", "region": "eu"}	2026-11-30 23:15:00+00	2026-11-30 23:16:00+00	1	774	\N	\N	\N	\N	\N	1	774	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	llm_tokens	customer-2	{"model": "gpt-5", "region": "us"}	2026-11-30 20:10:00+00	2026-11-30 20:11:00+00	1	2424	\N	\N	\N	\N	\N	1	2424	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	llm_tokens	customer-2	{"model": "gpt-5", "region": "us"}	2026-11-30 21:55:00+00	2026-11-30 21:56:00+00	1	1622	\N	\N	\N	\N	\N	1	1622	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	llm_tokens	customer-2	{"model": "gpt-5", "region": "us"}	2026-11-30 22:27:00+00	2026-11-30 22:28:00+00	1	2880	\N	\N	\N	\N	\N	1	2880	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	llm_tokens	customer-2	{"model": "gpt-5", "region": "us"}	2026-11-30 22:48:00+00	2026-11-30 22:49:00+00	1	2648	\N	\N	\N	\N	\N	1	2648	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	llm_tokens	customer-2	{"model": "gpt-5", "region": "us"}	2026-11-30 23:40:00+00	2026-11-30 23:41:00+00	1	3338	\N	\N	\N	\N	\N	0	\N	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	llm_tokens	customer-2	{"model": "gpt-5", "region": null}	2026-11-30 18:30:00+00	2026-11-30 18:31:00+00	1	2167	\N	\N	\N	\N	\N	1	2167	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	llm_tokens	customer-2	{"model": "gpt-5", "region": null}	2026-11-30 18:53:00+00	2026-11-30 18:54:00+00	1	2962	\N	\N	\N	\N	\N	1	2962	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	llm_tokens	customer-2	{"model": "llama-4", "region": "eu"}	2026-11-30 22:13:00+00	2026-11-30 22:14:00+00	1	590	\N	\N	\N	\N	\N	1	590	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	llm_tokens	customer-2	{"model": "llama-4", "region": "eu"}	2026-11-30 23:58:00+00	2026-11-30 23:59:00+00	1	537	\N	\N	\N	\N	\N	0	\N	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	llm_tokens	customer-2	{"model": "llama-4", "region": "us"}	2026-11-30 20:22:00+00	2026-11-30 20:23:00+00	1	1251	\N	\N	\N	\N	\N	1	1251	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	llm_tokens	customer-2	{"model": "llama-4", "region": "us"}	2026-11-30 21:10:00+00	2026-11-30 21:11:00+00	1	3452	\N	\N	\N	\N	\N	1	3452	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	llm_tokens	customer-2	{"model": "llama-4", "region": "us"}	2026-11-30 21:30:00+00	2026-11-30 21:31:00+00	1	2219	\N	\N	\N	\N	\N	1	2219	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	llm_tokens	customer-2	{"model": "llama-4", "region": "us"}	2026-11-30 22:07:00+00	2026-11-30 22:08:00+00	1	67	\N	\N	\N	\N	\N	1	67	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	llm_tokens	customer-2	{"model": "llama-4", "region": "us"}	2026-11-30 23:45:00+00	2026-11-30 23:46:00+00	2	4020	\N	\N	\N	\N	\N	1	2741	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	llm_tokens	customer-2	{"model": "llama-4", "region": null}	2026-11-30 23:40:00+00	2026-11-30 23:41:00+00	1	2446	\N	\N	\N	\N	\N	1	2446	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	llm_tokens	customer-3	{"model": "claude-4", "region": "eu"}	2026-11-30 19:47:00+00	2026-11-30 19:48:00+00	1	912	\N	\N	\N	\N	\N	1	912	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	llm_tokens	customer-3	{"model": "claude-4", "region": "eu"}	2026-11-30 20:45:00+00	2026-11-30 20:46:00+00	1	3952	\N	\N	\N	\N	\N	1	3952	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	llm_tokens	customer-3	{"model": "claude-4", "region": "eu"}	2026-11-30 22:11:00+00	2026-11-30 22:12:00+00	1	2063	\N	\N	\N	\N	\N	1	2063	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	llm_tokens	customer-3	{"model": "claude-4", "region": "us"}	2026-11-30 19:41:00+00	2026-11-30 19:42:00+00	1	992	\N	\N	\N	\N	\N	1	992	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	llm_tokens	customer-3	{"model": "claude-4", "region": "us"}	2026-11-30 23:11:00+00	2026-11-30 23:12:00+00	1	3207	\N	\N	\N	\N	\N	1	3207	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	llm_tokens	customer-3	{"model": "gpt-5", "region": "eu"}	2026-11-30 19:58:00+00	2026-11-30 19:59:00+00	1	1427	\N	\N	\N	\N	\N	1	1427	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	llm_tokens	customer-3	{"model": "gpt-5", "region": "eu"}	2026-11-30 21:11:00+00	2026-11-30 21:12:00+00	1	3211	\N	\N	\N	\N	\N	1	3211	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	llm_tokens	customer-3	{"model": "gpt-5", "region": "us"}	2026-11-30 18:59:00+00	2026-11-30 19:00:00+00	1	3812	\N	\N	\N	\N	\N	1	3812	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	llm_tokens	customer-3	{"model": "gpt-5", "region": "us"}	2026-11-30 23:04:00+00	2026-11-30 23:05:00+00	1	1236	\N	\N	\N	\N	\N	1	1236	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	llm_tokens	customer-3	{"model": "gpt-5", "region": "us"}	2026-11-30 23:49:00+00	2026-11-30 23:50:00+00	1	421	\N	\N	\N	\N	\N	1	421	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	llm_tokens	customer-3	{"model": "gpt-5", "region": "us"}	2026-11-30 23:50:00+00	2026-11-30 23:51:00+00	1	1553	\N	\N	\N	\N	\N	1	1553	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	llm_tokens	customer-3	{"model": "gpt-5", "region": null}	2026-11-30 20:01:00+00	2026-11-30 20:02:00+00	1	675	\N	\N	\N	\N	\N	1	675	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	llm_tokens	customer-3	{"model": "gpt-5", "region": null}	2026-11-30 20:18:00+00	2026-11-30 20:19:00+00	1	1393	\N	\N	\N	\N	\N	1	1393	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	llm_tokens	customer-3	{"model": "llama-4", "region": "eu"}	2026-11-30 18:02:00+00	2026-11-30 18:03:00+00	1	2071	\N	\N	\N	\N	\N	1	2071	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	llm_tokens	customer-3	{"model": "llama-4", "region": "eu"}	2026-11-30 19:43:00+00	2026-11-30 19:44:00+00	1	1361	\N	\N	\N	\N	\N	1	1361	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	llm_tokens	customer-3	{"model": "llama-4", "region": "eu"}	2026-11-30 22:18:00+00	2026-11-30 22:19:00+00	1	2232	\N	\N	\N	\N	\N	1	2232	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	llm_tokens	customer-3	{"model": "llama-4", "region": null}	2026-11-30 22:05:00+00	2026-11-30 22:06:00+00	1	3444	\N	\N	\N	\N	\N	1	3444	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	llm_tokens	customer-6	{"model": "claude-4", "region": "eu"}	2026-11-30 20:23:00+00	2026-11-30 20:24:00+00	1	1814	\N	\N	\N	\N	\N	1	1814	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	llm_tokens	customer-6	{"model": "claude-4", "region": "us"}	2026-11-30 18:02:00+00	2026-11-30 18:03:00+00	1	2084	\N	\N	\N	\N	\N	1	2084	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	llm_tokens	customer-6	{"model": "claude-4", "region": "us"}	2026-11-30 18:40:00+00	2026-11-30 18:41:00+00	1	2145	\N	\N	\N	\N	\N	1	2145	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	llm_tokens	customer-6	{"model": "claude-4", "region": "us"}	2026-11-30 19:08:00+00	2026-11-30 19:09:00+00	1	3423	\N	\N	\N	\N	\N	1	3423	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	llm_tokens	customer-6	{"model": "claude-4", "region": "us"}	2026-11-30 19:40:00+00	2026-11-30 19:41:00+00	1	2608	\N	\N	\N	\N	\N	1	2608	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	llm_tokens	customer-6	{"model": "claude-4", "region": "us"}	2026-11-30 20:41:00+00	2026-11-30 20:42:00+00	1	3005	\N	\N	\N	\N	\N	1	3005	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	llm_tokens	customer-6	{"model": "claude-4", "region": "us"}	2026-11-30 20:59:00+00	2026-11-30 21:00:00+00	1	2245	\N	\N	\N	\N	\N	1	2245	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	llm_tokens	customer-6	{"model": "claude-4", "region": "us"}	2026-11-30 23:13:00+00	2026-11-30 23:14:00+00	1	1183	\N	\N	\N	\N	\N	1	1183	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	llm_tokens	customer-6	{"model": "gpt-5", "region": "eu"}	2026-11-30 18:14:00+00	2026-11-30 18:15:00+00	1	537	\N	\N	\N	\N	\N	1	537	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	llm_tokens	customer-6	{"model": "gpt-5", "region": "eu"}	2026-11-30 21:55:00+00	2026-11-30 21:56:00+00	1	2158	\N	\N	\N	\N	\N	1	2158	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	llm_tokens	customer-6	{"model": "gpt-5", "region": "eu"}	2026-11-30 22:47:00+00	2026-11-30 22:48:00+00	1	177	\N	\N	\N	\N	\N	1	177	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	llm_tokens	customer-6	{"model": "gpt-5", "region": "us"}	2026-11-30 19:31:00+00	2026-11-30 19:32:00+00	1	3533	\N	\N	\N	\N	\N	1	3533	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	llm_tokens	customer-6	{"model": "gpt-5", "region": "us"}	2026-11-30 19:36:00+00	2026-11-30 19:37:00+00	1	1423	\N	\N	\N	\N	\N	1	1423	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	llm_tokens	customer-6	{"model": "gpt-5", "region": "us"}	2026-11-30 21:38:00+00	2026-11-30 21:39:00+00	1	1790	\N	\N	\N	\N	\N	1	1790	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	llm_tokens	customer-6	{"model": "gpt-5", "region": "us"}	2026-11-30 23:28:00+00	2026-11-30 23:29:00+00	1	645	\N	\N	\N	\N	\N	1	645	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	llm_tokens	customer-6	{"model": "llama-4", "region": "eu"}	2026-11-30 19:25:00+00	2026-11-30 19:26:00+00	1	1392	\N	\N	\N	\N	\N	1	1392	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	llm_tokens	customer-6	{"model": "llama-4", "region": "eu"}	2026-11-30 22:38:00+00	2026-11-30 22:39:00+00	1	1175	\N	\N	\N	\N	\N	1	1175	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	llm_tokens	customer-6	{"model": "llama-4", "region": "eu"}	2026-11-30 23:01:00+00	2026-11-30 23:02:00+00	1	3830	\N	\N	\N	\N	\N	1	3830	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	llm_tokens	customer-6	{"model": "llama-4", "region": "us"}	2026-11-30 18:13:00+00	2026-11-30 18:14:00+00	1	3925	\N	\N	\N	\N	\N	1	3925	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	llm_tokens	customer-6	{"model": "llama-4", "region": "us"}	2026-11-30 18:33:00+00	2026-11-30 18:34:00+00	1	2456	\N	\N	\N	\N	\N	1	2456	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	llm_tokens	customer-6	{"model": "llama-4", "region": "us"}	2026-11-30 18:50:00+00	2026-11-30 18:51:00+00	1	56	\N	\N	\N	\N	\N	1	56	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	llm_tokens	customer-6	{"model": "llama-4", "region": "us"}	2026-11-30 21:07:00+00	2026-11-30 21:08:00+00	1	375	\N	\N	\N	\N	\N	1	375	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	llm_tokens	customer-6	{"model": "llama-4", "region": "us"}	2026-11-30 22:00:00+00	2026-11-30 22:01:00+00	1	2376	\N	\N	\N	\N	\N	1	2376	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	llm_tokens	customer-6	{"model": "llama-4", "region": "us"}	2026-11-30 23:37:00+00	2026-11-30 23:38:00+00	1	3391	\N	\N	\N	\N	\N	1	3391	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	llm_tokens	customer-6	{"model": "llama-4", "region": null}	2026-11-30 23:54:00+00	2026-11-30 23:55:00+00	1	618	\N	\N	\N	\N	\N	1	618	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	storage_bytes	customer-1	{}	2026-11-30 21:00:00+00	2026-11-30 22:00:00+00	1	\N	\N	\N	2026-11-30 21:43:55.107+00	\\x1a535be594f6d0c4adddb44271076ea3	1000	1	\N	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	storage_bytes	customer-1	{}	2026-11-30 22:00:00+00	2026-11-30 23:00:00+00	1	\N	\N	\N	2026-11-30 22:46:44.377+00	\\x3a398eb6217df8064060831f5dc43367	626359913334	0	\N	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	storage_bytes	customer-1	{}	2026-11-30 23:00:00+00	2026-12-01 00:00:00+00	1	\N	\N	\N	2026-11-30 23:46:12.757+00	\\x18d486a6608a79b4361533b81c5c6759	473655785475	0	\N	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	storage_bytes	customer-2	{}	2026-11-30 19:00:00+00	2026-11-30 20:00:00+00	1	\N	\N	\N	2026-11-30 19:42:06.946+00	\\xfc79ca5bd51a5912e24a4c523a5d8eb2	1087659843407	1	\N	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	storage_bytes	customer-2	{}	2026-11-30 20:00:00+00	2026-11-30 21:00:00+00	1	\N	\N	\N	2026-11-30 20:23:21.104+00	\\x0c11e3af30eff1badd49750ef66406d7	411896265362	1	\N	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	storage_bytes	customer-2	{}	2026-11-30 22:00:00+00	2026-11-30 23:00:00+00	3	\N	\N	\N	2026-11-30 22:58:12.4+00	\\xad830c92fa58cf866ae21b3b34e88300	709976644410	2	\N	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	storage_bytes	customer-2	{}	2026-11-30 23:00:00+00	2026-12-01 00:00:00+00	1	\N	\N	\N	2026-11-30 23:33:00.88+00	\\x4a23f345e02eb091289a576c2f02b248	715676460795	0	\N	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	storage_bytes	customer-3	{}	2026-11-30 20:00:00+00	2026-11-30 21:00:00+00	3	\N	\N	\N	2026-11-30 20:42:08.37+00	\\xabe8116dc15b58ca2f8c47caff0db93b	43825018162	3	\N	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	storage_bytes	customer-3	{}	2026-11-30 22:00:00+00	2026-11-30 23:00:00+00	1	\N	\N	\N	2026-11-30 22:19:10.787+00	\\x72a8901d4ec37ec403ff24553f04da12	742912157517	0	\N	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	storage_bytes	customer-3	{}	2026-11-30 23:00:00+00	2026-12-01 00:00:00+00	1	\N	\N	\N	2026-11-30 23:28:49.693+00	\\x2f1dd5acf79b15f21cd38dfb34ff87b5	1000	0	\N	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	storage_bytes	customer-6	{}	2026-11-30 18:00:00+00	2026-11-30 19:00:00+00	2	\N	\N	\N	2026-11-30 18:34:08.124+00	\\x70920c93c3cabaed65948a658d7c3d4b	730071787076	2	\N	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	storage_bytes	customer-6	{}	2026-11-30 19:00:00+00	2026-11-30 20:00:00+00	1	\N	\N	\N	2026-11-30 19:45:53.106+00	\\xd0537dd1e0ac4fad66d3d460461ad8c0	393136775300	1	\N	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	storage_bytes	customer-6	{}	2026-11-30 20:00:00+00	2026-11-30 21:00:00+00	2	\N	\N	\N	2026-11-30 20:52:45.171+00	\\x07fec4069f5c876239ad228d6c6fa0b6	149713163744	2	\N	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	storage_bytes	customer-6	{}	2026-11-30 21:00:00+00	2026-11-30 22:00:00+00	2	\N	\N	\N	2026-11-30 21:56:58.653+00	\\x8ecb7e0b62119ea3b8e175442ced8763	465926181321	2	\N	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
1	storage_bytes	customer-6	{}	2026-11-30 22:00:00+00	2026-11-30 23:00:00+00	3	\N	\N	\N	2026-11-30 22:55:46.573+00	\\xb67d3446e43cb534a416b4b1e9da42bc	1057883704689	2	\N	2026-12-01 14:39:41.204471+00	2026-12-01 14:39:41.204471+00
\.

