# Wrong attempt: the veth pair is made but never moved into red and blue; the addresses go on the box's own stack.
# step: add-netns
ip netns add red
ip netns add blue
# step: veth
ip link add vr type veth peer name vb
ip -br link
# step: address
ip addr add 10.200.0.1/24 dev vr
ip addr add 10.200.0.2/24 dev vb
ip link set vr up
ip link set vb up
ping -c1 -W1 10.200.0.2
# expect: veth: red has no device vr
# expect: veth: the box still has a veth end:
# expect: address: red has no device vr
