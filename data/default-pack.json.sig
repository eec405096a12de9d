{
  "format": "reperes-signature",
  "version": 1,
  "algorithm": "Ed25519",
  "publicKey": "DP1APlVzTZELrOwkqMdFxEbgY+4FXSztJSVVAVeknbM=",
  "signature": "s0gztMhqsxwSdCAV7UWdMIejrmAUeuYrEdNlif4DynWGwHvpqELogPLiYjmjtjm378XVaXZmPEysaJfy/z1hBg=="
}
