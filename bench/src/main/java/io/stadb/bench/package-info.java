/** placeholder */ package io.stadb.bench;
