# Wrong attempt, after the seed document's picture of one veth pair joining two
# namespaces: red and blue are wired to each other directly, eth0 to eth0. They
# can ping, but nothing is a port of the bridge: a third container could not join.
# step: bridge
ip link add lab-br0 type bridge
ip addr add 10.0.0.1/24 dev lab-br0
ip link set lab-br0 up
# step: wire
unshare --net sleep 3601 &
unshare --net sleep 3602 &
sleep 1; RED=$(pgrep -xf 'sleep 3601'); BLUE=$(pgrep -xf 'sleep 3602')
ip link add eth0 netns $RED type veth peer name eth0 netns $BLUE
# step: address
nsenter -t $RED -n ip addr add 10.0.0.2/24 dev eth0
nsenter -t $RED -n ip link set eth0 up
nsenter -t $BLUE -n ip addr add 10.0.0.3/24 dev eth0
nsenter -t $BLUE -n ip link set eth0 up
# step: route
nsenter -t $RED -n ip route add default via 10.0.0.1
# step: ping
nsenter -t $RED -n ping -c 2 10.0.0.3
# expect: wire: there is no veth-red in the box's namespace
# expect: wire: A veth pair joining red and blue directly works for two, but it is no bridge
# expect: route: `sleep 3602` has no default route
# expect: fdb: there is no veth-red
