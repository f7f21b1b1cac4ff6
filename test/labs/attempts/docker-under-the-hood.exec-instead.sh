# Wrong attempt: docker exec instead of nsenter. Reading works (docker exec enters the
# same namespaces), but renaming the container is refused: commands started by docker
# exec get the container's capabilities, and CAP_SYS_ADMIN is not among them.
# step: build-image
mkdir -p /lab/img/bin && cp /bin/busybox /lab/img/bin/
for cmd in sh echo sleep cat ls ps hostname; do ln -s busybox /lab/img/bin/$cmd; done
tar -C /lab/img -c . | docker import - nslab/mini
docker run --rm --network none nslab/mini echo hello from nslab/mini
# step: run-limited
docker run -d --name web --network none --hostname web1 --cpus 0.5 -m 128m --pids-limit 50 nslab/mini sleep 3600
PID=$(docker inspect -f '{{.State.Pid}}' web); echo $PID
# step: find-cgroup
cat /proc/$PID/cgroup
cat /sys/fs/cgroup/cpu/docker/*/cpu.cfs_quota_us /sys/fs/cgroup/memory/docker/*/memory.limit_in_bytes /sys/fs/cgroup/pids/docker/*/pids.max
# step: nsenter
docker exec web hostname > /lab/web-hostname
docker exec web ps > /lab/web-ps
docker exec web hostname web2
docker exec web hostname
# step: pod-pattern
docker run -d --name side --network container:web --pid container:web nslab/mini sleep 3601
docker exec side ps
# expect: nsenter: Expected the hostname seen by a process matching /^sleep 3600$/ to be "web2", but it sees "web1"
# expect: nsenter: `docker exec web hostname web2` is refused
