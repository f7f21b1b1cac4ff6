# Wrong attempt: the two ends get addresses in different subnets (10.200.0.1/24 and
# 10.200.1.2/24), so neither has a route to the other.
# step: add-netns
ip netns add red
ip netns add blue
ip netns list
ip -n red -br link
# step: veth
ip link add vr type veth peer name vb
ip link set vr netns red
ip link set vb netns blue
ip -n red -br link
ip -n blue -br link
# step: address
ip -n red addr add 10.200.0.1/24 dev vr
ip -n blue addr add 10.200.1.2/24 dev vb
ip -n red link set vr up
ip -n blue link set vb up
ip -n red -br addr
ip netns exec red ping -c1 -W1 10.200.0.2
# step: shape
tc -n red qdisc add dev vr root tbf rate 1mbit burst 32kbit latency 400ms
tc -n red qdisc show dev vr
ip netns exec red ping -c3 -s 20000 10.200.0.2
# expect: address: UP 10.200.1.2/24
# expect: address: 100% packet loss
