# Wrong attempt: the container runs without limits, and nsenter is given no namespace.
mkdir -p /lab/img/bin && cp /bin/busybox /lab/img/bin/
for cmd in sh echo sleep cat ls ps hostname; do ln -s busybox /lab/img/bin/$cmd; done
tar -C /lab/img -c . | docker import - nslab/mini
docker run -d --name web --network none --hostname web1 nslab/mini sleep 3600
PID=$(docker inspect -f '{{.State.Pid}}' web)
nsenter -t $PID hostname > /lab/web-hostname
nsenter -t $PID -a ps > /lab/web-ps
docker run -d --name side --network container:web nslab/mini sleep 3601
# expect: find-cgroup: has "max 100000"
# expect: find-cgroup: --cpus 0.5 sets it
# expect: nsenter: it contains "nslab-box"
# expect: pod-pattern: Start side with `--pid container:web`.
