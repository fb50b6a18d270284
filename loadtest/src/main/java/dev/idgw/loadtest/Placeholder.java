package dev.idgw.loadtest; class Placeholder {}
