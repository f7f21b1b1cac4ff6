# Right variant: every command inside a namespace through ip netns exec instead of ip -n.
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
ip netns exec red ip addr add 10.200.0.1/24 dev vr
ip netns exec blue ip addr add 10.200.0.2/24 dev vb
ip netns exec red ip link set vr up
ip netns exec blue ip link set vb up
ip -n red -br addr
ip netns exec red ping -c1 -W1 10.200.0.2
# step: shape
ip netns exec red tc qdisc add dev vr root tbf rate 1mbit burst 32kbit latency 400ms
tc -n red qdisc show dev vr
ip netns exec red ping -c3 -s 20000 10.200.0.2
