import json,subprocess,sys,collections
# Stream-thread profile of a pipeline bench child: inclusive shares of marker frames, top inclusive and
# self methods. usage: python3 bench/jfr-shares.py drain.jfr [topN]  (record with
#   java "-Dbench.child.opts=-XX:FlightRecorderOptions:stackdepth=256 -XX:StartFlightRecording=filename=/abs/drain.jfr,settings=profile" \
#     -cp bench/target/benchmarks.jar io.tickcast.bench.pipeline.PipelineBench ... --runs tickcast)
ev=json.loads(subprocess.run(['jfr','print','--json','--stack-depth','256','--events','jdk.ExecutionSample',sys.argv[1]],capture_output=True,text=True).stdout)['recording']['events']
top=int(sys.argv[2]) if len(sys.argv)>2 else 60
markers=[
 ('BarBuilderProcessor.process','bar builder process (incl. forwards downstream)'),
 ('TickParser.parse','  tick parse (TickParser)'),
 ('FlatTickScanner','    FlatTickScanner'),
 ('Fingerprints.of','  Fingerprints'),
 ('StoreMemo.bars','  StoreMemo.bars (get)'),
 ('StoreMemo.clock','  StoreMemo.clock'),
 ('StoreMemo.putBars','  StoreMemo.putBars (toBytes+put)'),
 ('OpenBars.toBytes','    OpenBars.toBytes'),
 ('StoreMemo.putClock','  StoreMemo.putClock'),
 ('BarClock.toBytes','    BarClock.toBytes'),
 ('CachingKeyValueStore.put','  (any) caching put'),
 ('ThreadCache.put','    ThreadCache.put'),
 ('MeteredKeyValueStore.put','  (any) metered store put'),
 ('MeteredKeyValueStore.get','  (any) metered store get'),
 ('BarBuilderProcessor.closeDue','  closeDue'),
 ('BarBuilderProcessor.emitPending','  emitPending (incl. forecaster)'),
 ('BarBuilderProcessor.reject','  reject'),
 ('BarBuilderProcessor.onWallClock','wall-clock punctuation'),
 ('ForecastProcessor.process','forecaster processor'),
 ('LstmExpert','  LstmExpert'),
 ('TickcastMetrics','(any) TickcastMetrics'),
 ('io.micrometer','(any) micrometer'),
 ('RocksDB','(any) RocksDB'),
 ('ChangeLoggingKeyValueBytesStore.put','(any) changelogging put'),
 ('ThreadCache.maybeEvict','(any) ThreadCache.maybeEvict'),
 ('NamedCache.flush','(any) NamedCache.flush'),
 ('RecordCollectorImpl.send','(any) RecordCollector.send'),
 ('KafkaProducer.doSend','  producer doSend'),
 ('StreamTask.commit','StreamTask.commit'),
 ('TaskExecutor.commitTasksAndMaybeUpdateCommittableOffsets','commit tasks'),
 ('TaskManager.commit','TaskManager.commit'),
 ('StreamTask.maybePunctuate','punctuate'),
 ('KafkaConsumer.poll','consumer poll'),
 ('StreamThread.pollRequests','pollRequests'),
 ('StreamTask.process','StreamTask.process'),
 ('RecordQueue','(any) RecordQueue'),
 ('SourceNode.deserialize','  source deserialize'),
 ('ProcessorRecordContext','(any) ProcessorRecordContext'),
 ('StreamsMetricsImpl','(any) StreamsMetricsImpl'),
 ('Sensor.record','(any) Sensor.record'),
]
c=collections.Counter(); n=0; threads=collections.Counter(); tot=0; meth=collections.Counter(); leaf=collections.Counter()
for e in ev:
    th=e['values']['sampledThread']['javaName'] or e['values']['sampledThread'].get('osName') or '?'
    tot+=1
    key='stream' if 'StreamThread' in th else th.split('-')[0][:30]
    threads[key]+=1
    if 'StreamThread' not in th or not e['values']['stackTrace']: continue
    n+=1
    fr=[f['method']['type']['name'].replace('/','.')+'.'+f['method']['name'] for f in e['values']['stackTrace']['frames']]
    s='\n'.join(fr)
    for m,_ in markers:
        if m in s: c[m]+=1
    for f in set(x.split('.',)[-2]+'.'+x.split('.')[-1] for x in fr): meth[f]+=1
    leaf[fr[0].split('.')[-2]+'.'+fr[0].split('.')[-1]]+=1
print(f'{tot} samples; threads:', ', '.join(f'{k} {v*100/tot:.1f}%' for k,v in threads.most_common(8)))
print(f'stream thread {n} samples; inclusive shares:')
for m,label in markers:
    print(f'{c[m]*100/max(n,1):5.1f}%  {label}')
print('--- top inclusive methods')
for k,v in meth.most_common(top): print(f'{v*100/n:5.1f}% {k}')
print('--- top leaf (self) methods')
for k,v in leaf.most_common(30): print(f'{v*100/n:5.1f}% {k}')
