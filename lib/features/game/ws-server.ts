// The only module that loads the `ws` library. The build makes it a separate file of the layer
// (ws.js), loaded on the first game connection, so other functions never parse it. Import nothing
// of ours here.
export { WebSocketServer } from 'ws';
