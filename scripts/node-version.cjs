// Runs before every npm script: stops at once, in one line, on a Node.js older than the tools use
// (import.meta.dirname, util.parseEnv: 20.12). Plain CommonJS of the oldest syntax, so that any
// Node.js can run it. The functions themselves run on SCF's Nodejs18.15; only the tools need this.
const wanted = /(\d+)\.(\d+)/.exec(require('../package.json').engines.node);
const need = [Number(wanted[1]), Number(wanted[2])];
const have = process.versions.node.split('.').map(Number);
if (have[0] < need[0] || (have[0] === need[0] && have[1] < need[1])) {
  process.stderr.write(
    'weapp-scf: the tools need Node.js ' +
      need.join('.') +
      ' or newer, and this is Node.js ' +
      process.versions.node +
      ' (install a newer one, e.g. with nvm: nvm install 22)\n',
  );
  process.exit(1);
}
