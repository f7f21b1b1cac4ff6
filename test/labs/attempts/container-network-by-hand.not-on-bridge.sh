# Wrong attempt: the box's ends of the pairs are set up but never made ports of
# the bridge: each container's eth0 leads to a veth end that goes nowhere.
# step: bridge
ip link add lab-br0 type bridge
ip addr add 10.0.0.1/24 dev lab-br0
ip link set lab-br0 up
# step: wire
unshare --net sleep 3601 &
unshare --net sleep 3602 &
sleep 1; RED=$(pgrep -xf 'sleep 3601'); BLUE=$(pgrep -xf 'sleep 3602')
ip link add veth-red type veth peer name eth0 netns $RED
ip link add veth-blue type veth peer name eth0 netns $BLUE
ip link set veth-red up
ip link set veth-blue up
# step: address
nsenter -t $RED -n ip addr add 10.0.0.2/24 dev eth0
nsenter -t $RED -n ip link set eth0 up
nsenter -t $BLUE -n ip addr add 10.0.0.3/24 dev eth0
nsenter -t $BLUE -n ip link set eth0 up
# step: route
nsenter -t $RED -n ip route add default via 10.0.0.1
nsenter -t $BLUE -n ip route add default via 10.0.0.1
# step: ping
nsenter -t $RED -n ping -c 2 -W 1 10.0.0.3
# expect: wire: veth-red is no port of any bridge
# expect: ping: got 0 replies
