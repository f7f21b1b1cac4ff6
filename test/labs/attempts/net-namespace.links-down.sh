# Wrong attempt: addresses are added but the veth ends are never brought up, so both stay down and the ping fails.
# step: add-netns
ip netns add red
ip netns add blue
# step: veth
ip link add vr type veth peer name vb
ip link set vr netns red
ip link set vb netns blue
# step: address
ip -n red addr add 10.200.0.1/24 dev vr
ip -n blue addr add 10.200.0.2/24 dev vb
ip netns exec red ping -c1 -W1 10.200.0.2
# step: shape
tc -n red qdisc add dev vr root tbf rate 1mbit burst 32kbit latency 400ms
# expect: address: DOWN 10.200.0.1/24
# expect: address: ip -n red link set vr up
# expect: address: Network is unreachable
# expect: shape: red gets no answer from 10.200.0.2
