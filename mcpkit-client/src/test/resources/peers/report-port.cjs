// Preload (NODE_OPTIONS=--require): prints "READY <port>" on stderr once a net.Server of the process listens,
// so a test starts a peer that takes its port from the environment (server-everything's PORT) on port 0 and
// reads the port the kernel gave it: a port picked by the test and closed before the peer binds it can be
// handed to another server meanwhile.
const net = require('node:net');
const listen = net.Server.prototype.listen;
net.Server.prototype.listen = function (...args) {
  this.once('listening', () => {
    const address = this.address();
    if (address !== null && typeof address === 'object') process.stderr.write(`READY ${address.port}\n`);
  });
  return listen.apply(this, args);
};
