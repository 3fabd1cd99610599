-- Argo CD health of a virtnode.io VirtualMachine, from its kstatus-style status.
local hs = {}
local function condition(t)
  if obj.status == nil or obj.status.conditions == nil then return nil end
  for _, c in ipairs(obj.status.conditions) do
    if c.type == t then return c end
  end
  return nil
end
local function isTrue(t)
  local c = condition(t)
  return c ~= nil and c.status == "True"
end
if obj.status == nil then
  hs.status = "Progressing"
  hs.message = "Waiting for the node agent to report status"
  return hs
end
local generation = obj.metadata.generation
local observed = obj.status.observedGeneration
if generation ~= nil and (observed == nil or observed < generation) then
  hs.status = "Progressing"
  hs.message = "Waiting for the node agent to observe generation " .. generation
  return hs
end
for _, t in ipairs({"Stalled", "Failed", "IdentityConflict"}) do
  if isTrue(t) then
    local c = condition(t)
    hs.status = "Degraded"
    hs.message = (c.reason or t) .. ": " .. (c.message or "")
    return hs
  end
end
if isTrue("Reconciling") then
  local c = condition("Reconciling")
  hs.status = "Progressing"
  hs.message = c.message or "The node agent is working toward the spec"
  return hs
end
local ready = condition("Ready")
local wanted = (obj.spec and obj.spec.state) or "Running"
if ready ~= nil and ready.status == "True" then
  if wanted == "Paused" or wanted == "Saved" then
    hs.status = "Suspended"
  else
    hs.status = "Healthy"
  end
  hs.message = ready.message or wanted
  return hs
end
if wanted == "Stopped" and obj.status.state == "Stopped" then
  hs.status = "Suspended"
  hs.message = "The VM is stopped as asked"
  return hs
end
local waiting = {Starting = true, Converging = true, Stopping = true, Scheduling = true}
if ready == nil or waiting[ready.reason] then
  hs.status = "Progressing"
  hs.message = (ready and ready.message) or "Waiting for the VM to become Ready"
  return hs
end
hs.status = "Degraded"
hs.message = (ready.reason or "NotReady") .. ": " .. (ready.message or "")
return hs
