# Wrong attempt: red's eth0 gets its address but is never set up. The kernel
# keeps the address and uses it for nothing: no route, no ARP answer, no ping.
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
ip link set veth-red master lab-br0 up
ip link set veth-blue master lab-br0 up
# step: address
nsenter -t $RED -n ip addr add 10.0.0.2/24 dev eth0
nsenter -t $BLUE -n ip addr add 10.0.0.3/24 dev eth0
nsenter -t $BLUE -n ip link set eth0 up
# step: route
nsenter -t $RED -n ip route add default via 10.0.0.1
nsenter -t $BLUE -n ip route add default via 10.0.0.1
# step: ping
nsenter -t $RED -n ping -c 2 -W 1 10.0.0.3
# expect: address: An address on a link that is down is not in use
# expect: address: networks none
# expect: ping: got 0 replies
