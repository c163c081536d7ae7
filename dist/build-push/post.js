import './post/index.js'
