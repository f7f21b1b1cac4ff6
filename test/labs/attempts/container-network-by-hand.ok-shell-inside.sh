# Right variant: a shell inside red's namespace (nsenter --net=<path>), the
# bridge made with `ip link set … master` after `up`, the route with its device,
# and blue's link set up before its address.
# step: bridge
ip link add name lab-br0 type bridge
ip link set dev lab-br0 up
ip address add 10.0.0.1/24 dev lab-br0
# step: wire
unshare -n sleep 3601 &
unshare -n sleep 3602 &
sleep 1; RED=$(pgrep -xf 'sleep 3601'); BLUE=$(pgrep -xf 'sleep 3602')
ip link add veth-red type veth peer name eth0 netns $RED
ip link add veth-blue type veth peer name eth0 netns $BLUE
ip link set veth-red up; ip link set veth-red master lab-br0
ip link set veth-blue up; ip link set veth-blue master lab-br0
# step: address
nsenter -t $BLUE -n ip link set eth0 up
nsenter -t $BLUE -n ip addr add 10.0.0.3/24 dev eth0
nsenter -t $BLUE -n ip route add default via 10.0.0.1 dev eth0
nsenter --net=/proc/$RED/ns/net sh
ip addr add 10.0.0.2/24 dev eth0
ip link set eth0 up
# step: route
ip route add default via 10.0.0.1 dev eth0
# step: ping
ping -c 1 10.0.0.3
